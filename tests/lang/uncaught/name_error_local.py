# NameError in a function: the suggestion comes from its local names first
def area(width, height):
    result = width * height
    print("area of", width, height)
    return reslt


print(area(2, 3))

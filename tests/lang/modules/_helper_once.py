# helper module counting its executions (not a program)
runs = 0
runs += 1
print("helper body executed")

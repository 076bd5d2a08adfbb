# a tiny stack-based interpreter with jumps
def run(program):
    stack, pc, out, env = [], 0, [], {}
    lines = [l.split() for l in program.strip().splitlines()]
    labels = {l[0][:-1]: i for i, l in enumerate(lines) if l and l[0].endswith(":")}
    while pc < len(lines):
        ins = lines[pc]
        pc += 1
        if not ins or ins[0].endswith(":"):
            continue
        op, *args = ins
        if op == "push": stack.append(int(args[0]))
        elif op == "load": stack.append(env[args[0]])
        elif op == "store": env[args[0]] = stack.pop()
        elif op == "add": b, a = stack.pop(), stack.pop(); stack.append(a + b)
        elif op == "sub": b, a = stack.pop(), stack.pop(); stack.append(a - b)
        elif op == "mul": b, a = stack.pop(), stack.pop(); stack.append(a * b)
        elif op == "print": out.append(stack.pop())
        elif op == "jz":
            if stack.pop() == 0:
                pc = labels[args[0]]
        elif op == "jmp": pc = labels[args[0]]
        else: raise ValueError(f"unknown op {op}")
    return out
factorial = """
push 1
store acc
push 20
store n
loop:
load n
jz end
load acc
load n
mul
store acc
load n
push 1
sub
store n
jmp loop
end:
load acc
print
"""
print(run(factorial))
print(run("push 2\npush 3\nadd\nprint\npush 7\nprint"))
try:
    run("bogus")
except ValueError as e:
    print(e)

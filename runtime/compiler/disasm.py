"""Human-readable listing of code objects, from the one opcode table."""

from compiler import bytecode as bc


def describe_operand(code, name, kind, arg):
    if kind == bc.CONST:
        value = code.consts[arg]
        if isinstance(value, bc.CodeObject):
            return '<code %s>' % value.qualname
        return repr(value)
    if kind == bc.NAME:
        return code.names[arg]
    if kind == bc.LOCAL:
        return code.varnames[arg]
    if kind == bc.CELL:
        cells = code.cellvars + code.freevars
        return cells[arg]
    if kind == bc.JUMP:
        return 'to %d' % arg
    if kind == bc.OPERATOR:
        if name == 'BINARY_OP':
            text = bc.BINARY_OPERATORS[arg & ~bc.INPLACE_FLAG]
            return text + '=' if arg & bc.INPLACE_FLAG else text
        if name == 'COMPARE_OP':
            return bc.COMPARE_OPERATORS[arg]
        return bc.UNARY_OPERATORS[arg]
    return ''


def disassemble(code, recursive=True):
    lines = []
    disassemble_into(code, lines, recursive)
    return '\n'.join(lines) + '\n'


def disassemble_into(code, lines, recursive):
    lines.append('Disassembly of %r (stack %d, flags 0x%x):' % (code, code.stacksize, code.flags))
    line_numbers = code.line_numbers()
    previous_line = None
    for index, name, arg in code.instructions():
        entry = bc.OPCODE_BY_NAME[name]
        line = line_numbers[index] if index < len(line_numbers) else 0
        line_text = '%4d' % line if line != previous_line else '    '
        previous_line = line
        if entry[2] == bc.NONE:
            lines.append('%s %5d %s' % (line_text, index, name))
        else:
            detail = describe_operand(code, name, entry[2], arg)
            text = '%s %5d %-22s %d' % (line_text, index, name, arg)
            if detail:
                text = text + ' (' + detail + ')'
            lines.append(text)
    if code.exception_table:
        lines.append('Exception table:')
        for start, end, handler, depth in code.exception_table:
            lines.append('  %d to %d -> %d [%d]' % (start, end, handler, depth))
    lines.append('')
    if recursive:
        for value in code.consts:
            if isinstance(value, bc.CodeObject):
                disassemble_into(value, lines, recursive)

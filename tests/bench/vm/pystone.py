"""pystone: a Dhrystone-style integer workload — records linked by
reference, enumerations, string comparisons, a one- and a two-dimensional
array, global state and many small procedure calls.

Size: the number of main-loop passes.
"""

import sys

IDENT_1, IDENT_2, IDENT_3, IDENT_4, IDENT_5 = 1, 2, 3, 4, 5


class Record:
    def __init__(self, next_record=None, discriminant=0, enum_field=0, int_field=0, text=""):
        self.next_record = next_record
        self.discriminant = discriminant
        self.enum_field = enum_field
        self.int_field = int_field
        self.text = text

    def clone(self):
        return Record(self.next_record, self.discriminant, self.enum_field, self.int_field, self.text)


class State:
    """The benchmark's globals, kept in one object."""

    def __init__(self):
        self.int_global = 0
        self.bool_global = False
        self.char_a = "\0"
        self.char_b = "\0"
        self.array_1 = [0] * 51
        self.array_2 = [[0] * 51 for _ in range(51)]
        self.record = None


G = State()


def enum_of_char(ch_1, ch_2):
    # IDENT_1 when the characters differ, else records the match
    if ch_1 != ch_2:
        return IDENT_1
    G.char_a = ch_1
    return IDENT_2


def strings_ordered(s_1, s_2):
    index = 2
    ch = "A"
    while index <= 2:
        if enum_of_char(s_1[index], s_2[index + 1]) == IDENT_1:
            ch = "A"
            index += 1
    if "W" <= ch <= "Z":
        index = 7
    if ch == "R":
        return True
    if s_1 > s_2:
        G.int_global = index + 7
        return True
    return False


def is_ident_3(value):
    return value == IDENT_3


def next_enum(value):
    if not is_ident_3(value):
        result = IDENT_4
    else:
        result = value
    if value == IDENT_1:
        result = IDENT_1
    elif value == IDENT_2:
        result = IDENT_1 if G.int_global > 100 else IDENT_4
    elif value == IDENT_3:
        result = IDENT_2
    elif value == IDENT_5:
        result = IDENT_3
    return result


def add_two(a, b):
    return a + b + 2


def fill_arrays(array_1, array_2, loc_1, loc_2):
    loc = loc_1 + 5
    array_1[loc] = loc_2
    array_1[loc + 1] = array_1[loc]
    array_1[loc + 30] = loc
    for index in range(loc, loc + 2):
        array_2[loc][index] = loc
    array_2[loc][loc - 1] += 1
    array_2[loc + 20][loc] = array_1[loc]
    G.int_global = 5


def bump(value):
    loc = value + 10
    result = value
    while True:
        if G.char_a == "A":
            loc -= 1
            result = loc - G.int_global
            return result


def follow(record):
    if G.record is not None:
        record = G.record.next_record
    else:
        G.int_global = 100
    G.record.int_field = add_two(10, G.int_global)
    return record


def step_record(record):
    nxt = record.next_record
    nxt.int_field = 5
    record.int_field = 5
    nxt.text = record.text
    nxt.next_record = record.next_record
    nxt.next_record = follow(nxt.next_record)
    if nxt.discriminant == IDENT_1:
        nxt.int_field = 6
        nxt.enum_field = next_enum(record.enum_field)
        nxt.next_record = G.record.next_record
        nxt.int_field = add_two(nxt.int_field, 10)
    else:
        G.record.next_record = nxt.clone()


def flags():
    G.bool_global = G.char_a == "A"
    G.char_b = "B"


def reset_chars():
    G.char_a = "A"
    G.bool_global = False


def run(passes):
    G.__init__()
    spare = Record()
    G.record = Record(spare, IDENT_1, IDENT_3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    text_1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    G.array_2[8][7] = 10
    total = 0
    for _ in range(passes):
        reset_chars()
        flags()
        loc_1 = 2
        loc_2 = 3
        text_2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        enum_value = IDENT_2
        G.bool_global = not strings_ordered(text_1, text_2)
        while loc_1 < loc_2:
            loc_3 = 5 * loc_1 - loc_2
            loc_3 = add_two(loc_1, loc_2)
            loc_1 += 1
        fill_arrays(G.array_1, G.array_2, loc_1, loc_3)
        step_record(G.record)
        ch = "A"
        while ch <= G.char_b:
            if enum_value == enum_of_char(ch, "C"):
                enum_value = next_enum(IDENT_1)
            ch = chr(ord(ch) + 1)
        loc_3 = loc_2 * loc_1
        loc_2 = loc_3 // loc_1
        loc_2 = 7 * (loc_3 - loc_2) - loc_1
        loc_1 = bump(loc_1)
        total = (total * 7 + loc_1 + loc_2 + loc_3 + G.int_global) % 1000000007
    return total


def main(passes):
    total = run(passes)
    r = G.record
    print("globals: int %d bool %s chars %s%s" % (G.int_global, G.bool_global, G.char_a, G.char_b))
    print("arrays: %d %d %d" % (G.array_1[8], G.array_2[8][7], sum(G.array_1)))
    print("record: %d %d %d %r" % (r.discriminant, r.enum_field, r.int_field, r.text))
    print("result pystone passes=%d total=%d" % (passes, total))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150000)

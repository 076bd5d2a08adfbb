# helper subpackage (not a program)

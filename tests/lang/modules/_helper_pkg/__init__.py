# helper package (not a program)
PKG_NAME = "helper package"
init_order = ["pkg"]

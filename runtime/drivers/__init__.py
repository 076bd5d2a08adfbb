"""Device drivers in the Python subset: the protocol half of each driver
(DESIGN.md, "mechanism in C, policy in Python"). Registers, ports, DMA
memory and interrupts come from the native `hw` module; see README.md."""

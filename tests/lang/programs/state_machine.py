# a vending machine state machine with a transition table
TRANSITIONS = {
    ("idle", "coin"): "ready",
    ("ready", "coin"): "ready",
    ("ready", "select"): "vending",
    ("vending", "done"): "idle",
    ("ready", "refund"): "idle",
}
class Machine:
    def __init__(self):
        self.state = "idle"
        self.credit = 0
        self.trace = []
    def fire(self, event):
        key = (self.state, event)
        if key not in TRANSITIONS:
            self.trace.append(f"{self.state}: ignored {event}")
            return False
        if event == "coin":
            self.credit += 25
        elif event in ("refund", "done"):
            self.credit = 0
        self.trace.append(f"{self.state} --{event}--> {TRANSITIONS[key]}")
        self.state = TRANSITIONS[key]
        return True
m = Machine()
for ev in ["select", "coin", "coin", "select", "coin", "done", "coin", "refund"]:
    m.fire(ev)
print("\n".join(m.trace))
print(m.state, m.credit)

# a small bank account class system
class InsufficientFunds(Exception):
    pass
class Account:
    _next = 1000
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.number = Account._next
        Account._next += 1
        self.history = []
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner}: balance {self.balance} < {amount}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
    def __repr__(self):
        return f"{type(self).__name__}#{self.number}({self.owner}, {self.balance})"
class Savings(Account):
    rate = 0.02
    def add_interest(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)
        return interest
class Bank:
    def __init__(self):
        self.accounts = {}
    def open(self, cls, owner, amount=0):
        acct = cls(owner, amount)
        self.accounts[acct.number] = acct
        return acct
    def transfer(self, src, dst, amount):
        self.accounts[src].withdraw(amount)
        self.accounts[dst].deposit(amount)
    def total(self):
        return sum(a.balance for a in self.accounts.values())
bank = Bank()
a = bank.open(Account, "ann", 100)
b = bank.open(Savings, "bob", 500)
bank.transfer(a.number, b.number, 60)
print(a, b, bank.total())
print("interest", b.add_interest(), b)
try:
    bank.transfer(a.number, b.number, 1000)
except InsufficientFunds as e:
    print("failed:", e)
try:
    a.deposit(-5)
except ValueError as e:
    print("failed:", e)
print(a.history, b.history)

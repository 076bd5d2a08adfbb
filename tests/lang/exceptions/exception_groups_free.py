# collecting multiple errors manually
def validate(record):
    errors = []
    if not record.get("name"):
        errors.append(ValueError("name missing"))
    if not isinstance(record.get("age"), int):
        errors.append(TypeError("age must be int"))
    elif record["age"] < 0:
        errors.append(ValueError("age negative"))
    return errors
for rec in [{"name": "a", "age": 3}, {"age": "x"}, {"name": "b", "age": -1}]:
    errs = validate(rec)
    print(rec, [f"{type(e).__name__}: {e}" for e in errs] or "ok")

"""The native `tensor` module in the pc image, through the serial shell."""


def test_tensor_matmul_in_the_shell(shell):
    out = shell.run("import tensor; print((tensor.ones((2,2)) @ tensor.ones((2,2))).tolist())", timeout=30)
    assert "[[2.0, 2.0], [2.0, 2.0]]" in out, out


def test_tensor_repr_and_error_in_the_shell(shell):
    out = shell.run("print(repr(tensor.from_list([[1, 2], [3, 4]])))", timeout=30)
    assert "tensor([[1., 2.],\n        [3., 4.]])" in out.replace("\r", ""), out
    out = shell.run("tensor.zeros((2, 3)) + tensor.zeros((4, 3))", timeout=30)
    assert "ValueError: add: shapes (2, 3) and (4, 3) do not broadcast" in out, out

"""The PP-OCR models' graphs with their per-layer arithmetic folded into the convolutions.

PP-OCRv4's backbone (PP-LCNetV3) follows every convolution with a learnable affine step
(`x * s + b`, one scalar each) and a hard-swish that the Paddle export spelled out as four
element-wise operations (`x * clip(x + 3, 0, 6) / 6`), and it puts another affine step
before the next convolution. onnxruntime runs each of those as a pass over the whole
feature map: on one CPU thread they took more than half of the recogniser's time, more
than the convolutions (onnxruntime's profiler, `bench/README.md`). Rewritten here, with the
same arithmetic:

- an affine step right after a convolution goes into its weights and bias
  (`s * (W x + B) + b` = `(s W) x + (s B + b)`);
- an affine step right before a convolution goes into it as well: entirely when the
  convolution pads nothing (`W (s x + b)` = `(s W) x + (B + b ΣW)`), and otherwise its
  scale only, the shift staying as one addition (`W (s x + b)` = `(s W) (x + b / s)`, so
  the zero padding is the same);
- the hard-swish becomes `x * HardSigmoid(x)`, which onnxruntime fuses into the
  convolution before it as one activation (its NCHWc HardSwish fusion).

The results differ from the original graph's only by float rounding (the recognised text
is compared on the samples in `bench/ocr_bench.py`). The rewrite needs the `onnx` package;
without it, or on a graph it does not recognise, the model is used as shipped.
"""
from __future__ import annotations

import numpy as np

SCALAR = 1


def optimized(path: str) -> bytes | None:
    """The serialized model at `path`, rewritten; None when `onnx` is not installed."""
    try:
        import onnx
    except ImportError:
        return None
    model = onnx.load(path)
    _Graph(model.graph).rewrite()
    return model.SerializeToString()


class _Graph:
    """One ONNX graph, with its constants as numpy arrays and who consumes each tensor."""

    def __init__(self, graph):
        from onnx import numpy_helper
        self.g = graph
        self.np = numpy_helper
        self.const = {n.output[0]: numpy_helper.to_array(n.attribute[0].t)
                      for n in graph.node if n.op_type == "Constant" and n.attribute
                      and n.attribute[0].name == "value"}
        for init in graph.initializer:
            self.const[init.name] = numpy_helper.to_array(init)
        self.outputs = {o.name for o in graph.output}

    def rewrite(self) -> None:
        self._fold_affine_after_conv()
        self._hard_swish()
        self._fold_affine_before_conv()
        self._drop_unused_constants()

    # -- lookups ----------------------------------------------------------------------
    def consumers(self) -> dict:
        out = {}
        for n in self.g.node:
            for name in n.input:
                out.setdefault(name, []).append(n)
        return out

    def producer(self) -> dict:
        return {o: n for n in self.g.node for o in n.output}

    def scalar(self, name: str):
        v = self.const.get(name)
        if v is None or v.size != SCALAR:
            return None
        return float(v.reshape(-1)[0])

    def affine(self, mul, cons: dict):
        """(tensor in, s, b, Add node) when `mul` is `x * s` followed only by `+ b`."""
        if mul.op_type != "Mul" or len(mul.input) != 2:
            return None
        a, c = mul.input
        s, x = (self.scalar(a), c) if self.scalar(a) is not None else (self.scalar(c), a)
        users = cons.get(mul.output[0], [])
        if s is None or len(users) != 1 or users[0].op_type != "Add":
            return None
        add = users[0]
        other = [i for i in add.input if i != mul.output[0]]
        b = self.scalar(other[0]) if len(other) == 1 else None
        if b is None or mul.output[0] in self.outputs:
            return None
        return x, s, b, add

    def set_const(self, name: str, value: np.ndarray) -> str:
        """A new initializer holding `value`; its name."""
        new = f"{name}__folded{len(self.g.initializer)}"
        self.g.initializer.append(self.np.from_array(value.astype(np.float32), new))
        self.const[new] = value
        return new

    def conv_weights(self, conv):
        w = self.const.get(conv.input[1])
        b = self.const.get(conv.input[2]) if len(conv.input) > 2 else None
        if w is None or (len(conv.input) > 2 and b is None):
            return None, None
        return w.astype(np.float64), (np.zeros(w.shape[0]) if b is None else b.astype(np.float64))

    def set_conv(self, conv, w: np.ndarray, b: np.ndarray) -> None:
        inputs = [conv.input[0], self.set_const(conv.input[1], w), self.set_const(
            conv.input[2] if len(conv.input) > 2 else conv.output[0] + "_bias", b)]
        del conv.input[:]
        conv.input.extend(inputs)

    def remove(self, names) -> None:
        """Drop the nodes whose first output is one of `names` (outputs are unique)."""
        drop = set(names)
        keep = [n for n in self.g.node if n.output[0] not in drop]
        del self.g.node[:]
        self.g.node.extend(keep)

    # -- the three rewrites -----------------------------------------------------------
    def _fold_affine_after_conv(self) -> None:
        cons, dead, renamed = self.consumers(), [], {}
        for conv in list(self.g.node):
            if conv.op_type != "Conv" or conv.output[0] in self.outputs:
                continue
            users = cons.get(conv.output[0], [])
            found = self.affine(users[0], cons) if len(users) == 1 else None
            w, b = self.conv_weights(conv)
            if found is None or w is None:
                continue
            _x, s, shift, add = found
            if add.output[0] in self.outputs:
                continue
            self.set_conv(conv, w * s, b * s + shift)
            dead += [users[0].output[0], add.output[0]]
            renamed[add.output[0]] = conv.output[0]
        for n in self.g.node:  # the Add's readers read the convolution now
            for k, name in enumerate(n.input):
                if name in renamed:
                    n.input[k] = renamed[name]
        self.remove(dead)

    def _hard_swish(self) -> None:
        """x * clip(x + 3, 0, 6) / 6  ->  x * HardSigmoid(x; 1/6, 1/2)."""
        from onnx import helper
        cons, dead, new = self.consumers(), [], []
        for add in list(self.g.node):
            if add.op_type != "Add" or len(add.input) != 2:
                continue
            x = next((i for i in add.input if self.scalar(i) is None), None)
            three = [self.scalar(i) for i in add.input if i != x]
            if x is None or three != [3.0]:
                continue
            chain = self._swish_chain(add, x, cons)
            if chain is None:
                continue
            clip, mul, div = chain
            hs = add.output[0] + "_hardsigmoid"
            new.append((add, [helper.make_node("HardSigmoid", [x], [hs], alpha=1.0 / 6, beta=0.5),
                              helper.make_node("Mul", [x, hs], [div.output[0]])]))
            dead += [clip.output[0], mul.output[0], div.output[0]]
        replace = {add.output[0]: nodes for add, nodes in new}
        order = []
        for n in self.g.node:
            if n.output[0] in replace:
                order += replace[n.output[0]]
            elif n.output[0] not in dead:
                order.append(n)
        del self.g.node[:]
        self.g.node.extend(order)

    def _swish_chain(self, add, x: str, cons: dict):
        users = cons.get(add.output[0], [])
        if len(users) != 1 or users[0].op_type != "Clip":
            return None
        clip = users[0]
        if [self.scalar(i) for i in clip.input[1:]] != [0.0, 6.0]:
            return None
        users = cons.get(clip.output[0], [])
        if len(users) != 1 or users[0].op_type != "Mul" or set(users[0].input) != {x, clip.output[0]}:
            return None
        mul = users[0]
        users = cons.get(mul.output[0], [])
        if len(users) != 1 or users[0].op_type != "Div" or self.scalar(users[0].input[1]) != 6.0:
            return None
        if {add.output[0], clip.output[0], mul.output[0]} & self.outputs:
            return None
        return clip, mul, users[0]

    def _fold_affine_before_conv(self) -> None:
        cons, dead = self.consumers(), []
        for mul in list(self.g.node):
            found = self.affine(mul, cons)
            if found is None:
                continue
            x, s, shift, add = found
            users = cons.get(add.output[0], [])
            if len(users) != 1 or users[0].op_type != "Conv" or users[0].input[0] != add.output[0]:
                continue
            conv = users[0]
            w, b = self.conv_weights(conv)
            if w is None or s == 0.0 or add.output[0] in self.outputs:
                continue
            if _pads_nothing(conv):
                self.set_conv(conv, w * s, b + shift * w.sum(axis=(1, 2, 3)))
                conv.input[0] = x
                dead += [mul.output[0], add.output[0]]
            else:  # the shift stays, before the zero padding: (s W)(x + b / s)
                self.set_conv(conv, w * s, b)
                del add.input[:]
                add.input.extend([x, self.set_const(add.output[0] + "_shift",
                                                    np.array([shift / s]))])
                dead.append(mul.output[0])
        self.remove(dead)

    def _drop_unused_constants(self) -> None:
        used = {i for n in self.g.node for i in n.input} | self.outputs
        dead = [n.output[0] for n in self.g.node
                if n.op_type == "Constant" and n.output[0] not in used]
        self.remove(dead)
        keep = [i for i in self.g.initializer if i.name in used]
        del self.g.initializer[:]
        self.g.initializer.extend(keep)


def _pads_nothing(conv) -> bool:
    for a in conv.attribute:
        if a.name == "pads" and any(a.ints):
            return False
        if a.name == "auto_pad" and a.s not in (b"", b"NOTSET", b"VALID"):
            return False
    return True

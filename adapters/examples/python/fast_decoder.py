#!/usr/bin/env python3
"""An example fairwire vendor: a FAST 1.1 decoder subset in Python 3 (standard library only).

Supports: uInt32, int32, uInt64, int64 and ascii string fields, mandatory and optional; the
none, constant, default, copy, increment (integers), delta and tail (strings) operators; the
global dictionary with `key`; template ids with the copy operator; reset per message.
Not supported (declared false in `ready`, refused with error "unsupported" at load): decimal,
unicode, byteVector, group, sequence, templateRef, template/type/user dictionaries. Reportable
overlong encodings (R6, R7, R9) are accepted without being reported.

Run it under the harness:
    npx fairwire conform --component fast --adapter cmd:"python3 adapters/examples/python/fast_decoder.py"
"""

import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

CAPABILITIES = {
    "int64": True, "decimal": False, "individualDecimalOperators": False, "unicode": False,
    "byteVector": False, "groups": False, "sequences": False, "templateRef": False,
    "operatorDelta": True, "operatorTail": True, "operatorIncrement": True, "dictionaryScopes": False,
    # Fields are keyed by name (no id needed); a template's <typeRef> is read and ignored.
    "fieldsWithoutId": True, "typeRef": True,
}

# Where FAST 1.1 reads two ways, the reading this decoder follows, declared in `ready`
# (spec/fast/variants.md). FAIRWIRE_EXAMPLE_TAIL_NULL=unchanged switches the tail reading, to
# try a declared variant: a NULL tail then leaves the previous value as it was.
TAIL_NULL = os.environ.get("FAIRWIRE_EXAMPLE_TAIL_NULL", "empty")
VARIANTS = {"tailNull": TAIL_NULL}

# A planted bug, for the suite's own tests (never set in normal use): FAIRWIRE_FAST_BUG=
#   int64-delta-32  a delta on an int64 field is added in 32-bit arithmetic: a result outside
#                   the int32 range wraps (the value is still a well-formed int64, just wrong).
BUG = os.environ.get("FAIRWIRE_FAST_BUG", "")
if BUG not in ("", "int64-delta-32"):
    sys.stderr.write("fast_decoder.py: unknown FAIRWIRE_FAST_BUG %r\n" % BUG)
    sys.exit(2)

RANGES = {
    "uInt32": (0, 2**32 - 1), "int32": (-2**31, 2**31 - 1),
    "uInt64": (0, 2**64 - 1), "int64": (-2**63, 2**63 - 1),
}
INTEGER_TYPES = tuple(RANGES)
OPERATORS = ("constant", "default", "copy", "increment", "delta", "tail")
TEMPLATE_ID_KEY = "\0templateID"


class FastError(Exception):
    """A FAST error with its Appendix 4 code; the class follows from the first letter."""

    def __init__(self, code, message, offset=-1):
        super().__init__(message)
        self.code, self.message, self.offset = code, message, offset

    def canonical(self):
        cls = {"S": "static", "D": "dynamic", "R": "reportable"}[self.code[0]]
        return {"code": self.code, "class": cls, "offset": self.offset, "message": self.message}


# ------------------------------------------------------------------------------- templates

class Field:
    __slots__ = ("name", "type", "optional", "op", "key", "initial")

    def __init__(self, name, type_, optional, op, key, initial):
        self.name, self.type, self.optional, self.op, self.key, self.initial = name, type_, optional, op, key, initial


def local(tag):
    return tag.rsplit("}", 1)[-1]


def unsupported(what):
    raise VendorError("unsupported", "this decoder does not support %s" % what)


def parse_initial(type_, text, where):
    if text is None:
        return None
    if type_ == "ascii":
        return text
    try:
        v = int(text.strip())
    except ValueError:
        raise VendorError("S3", "%s: initial value %r is not an integer" % (where, text))
    lo, hi = RANGES[type_]
    if not lo <= v <= hi:
        raise VendorError("S3", "%s: initial value %d out of range for %s" % (where, v, type_))
    return v


def parse_field(el):
    tag = local(el.tag)
    name = el.get("name")
    if not name:
        raise VendorError("S1", "%s field without a name" % tag)
    if tag in INTEGER_TYPES:
        type_ = tag
    elif tag == "string":
        if el.get("charset", "ascii") != "ascii":
            unsupported("unicode strings")
        type_ = "ascii"
    else:
        unsupported("<%s> fields" % tag)
    presence = el.get("presence", "mandatory")
    if presence not in ("mandatory", "optional"):
        raise VendorError("S1", "field %s: presence %r" % (name, presence))
    op, key, initial = "none", name, None
    for child in el:
        ctag = local(child.tag)
        if ctag not in OPERATORS:
            unsupported("<%s> inside field %s" % (ctag, name))
        if child.get("dictionary", "global") != "global":
            unsupported("dictionary %r" % child.get("dictionary"))
        if ctag == "increment" and type_ == "ascii":
            raise VendorError("S2", "increment on string field %s" % name)
        if ctag == "tail" and type_ != "ascii":
            raise VendorError("S2", "tail on integer field %s" % name)
        op, key = ctag, child.get("key", name)
        initial = parse_initial(type_, child.get("value"), name)
    if op == "constant" and initial is None:
        raise VendorError("S4", "constant field %s without a value" % name)
    if op == "default" and presence == "mandatory" and initial is None:
        raise VendorError("S5", "mandatory default field %s without a value" % name)
    return Field(name, type_, presence == "optional", op, key, initial)


def parse_templates(xml):
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise VendorError("S1", "template XML is not well-formed: %s" % e)
    if root.get("dictionary", "global") != "global":
        unsupported("dictionary %r" % root.get("dictionary"))
    found = [root] if local(root.tag) == "template" else [t for t in root if local(t.tag) == "template"]
    templates = {}
    for t in found:
        if t.get("dictionary", "global") != "global":
            unsupported("dictionary %r" % t.get("dictionary"))
        fields = [parse_field(el) for el in t if local(el.tag) not in ("typeRef",)]
        if t.get("id") is not None:
            templates[int(t.get("id"))] = fields
    return templates


# ------------------------------------------------------------------------------- wire

def uint_nullable(v):
    """Nullable unsigned integers are sent +1; 0 is NULL (spec 10.6.1)."""
    return None if v == 0 else v - 1


def int_nullable(v):
    """Nullable signed integers: non-negative values are sent +1; 0 is NULL."""
    return None if v == 0 else (v - 1 if v > 0 else v)


class Reader:
    def __init__(self, data, pos):
        self.data, self.pos = data, pos

    def stop_bit_end(self, what):
        data, i = self.data, self.pos
        while i < len(data):
            i += 1
            if data[i - 1] & 0x80:
                return i
        raise FastError("D1", "unexpected end of data in %s" % what, self.pos)

    def pmap(self):
        start = self.pos
        end = self.stop_bit_end("presence map")
        self.pos = end
        bits = []
        for b in self.data[start:end]:
            for k in range(6, -1, -1):
                bits.append((b >> k) & 1)
        return PresenceMap(bits)

    def uint(self):
        end = self.stop_bit_end("unsigned integer")
        v = 0
        for b in self.data[self.pos:end]:
            v = (v << 7) | (b & 0x7F)
        self.pos = end
        return v

    def int(self):
        start = self.pos
        end = self.stop_bit_end("signed integer")
        v = -1 if self.data[start] & 0x40 else 0
        for b in self.data[start:end]:
            v = (v << 7) | (b & 0x7F)
        self.pos = end
        return v

    def ascii(self, nullable):
        start = self.pos
        end = self.stop_bit_end("ascii string")
        self.pos = end
        raw = bytes(self.data[start:end])
        if nullable:
            if raw == b"\x80":
                return None
            if raw[0] == 0:
                raw = raw[1:]  # preamble of the mandatory form
        if raw == b"\x80":
            return ""
        if raw[0] == 0:
            raw = raw[1:]
        return "".join(chr(b & 0x7F) for b in raw)


class PresenceMap:
    def __init__(self, bits):
        self.bits, self.i = bits, 0

    def next(self):
        i = self.i
        self.i += 1
        return i < len(self.bits) and self.bits[i] == 1


# ------------------------------------------------------------------------------- decoder

def drop_front(base, n):
    """The base of a string delta without its first n characters (n <= len(base))."""
    return base[n:]


def drop_back(base, n):
    """The base of a string delta without its last n characters (n <= len(base))."""
    return base[: len(base) - n]


class Decoder:
    def __init__(self, templates):
        self.templates = templates
        self.dict = {}  # key -> (type, value) | "empty"; missing: undefined

    def plain(self, r, f):
        start = r.pos
        if f.type == "ascii":
            return r.ascii(f.optional)
        raw = r.uint() if f.type[0] == "u" else r.int()
        v = (uint_nullable(raw) if f.type[0] == "u" else int_nullable(raw)) if f.optional else raw
        return None if v is None else self.in_range(f.type, v, start, "D2")

    @staticmethod
    def in_range(type_, v, start, code):
        """D2: a value in the stream outside its type; R4: an operator's result outside it."""
        lo, hi = RANGES[type_]
        if not lo <= v <= hi:
            raise FastError(code, "%d is out of range for %s" % (v, type_), start)
        return v

    def assigned(self, f, start):
        """The dictionary entry: ("assigned", value) | ("empty",) | ("undefined",); D4 on a type clash."""
        e = self.dict.get(f.key)
        if e is None:
            return ("undefined",)
        if e == "empty":
            return ("empty",)
        if e[0] != f.type:
            raise FastError("D4", "dictionary entry %s holds a %s, the field is %s" % (f.key, e[0], f.type), start)
        return ("assigned", e[1])

    def previous(self, f, start, increment):
        e = self.assigned(f, start)
        if e[0] == "assigned":
            v = e[1]
            if increment:
                lo, hi = RANGES[f.type]
                v = lo if v == hi else v + 1
                self.dict[f.key] = (f.type, v)
            return v
        if e[0] == "undefined":
            if f.initial is not None:
                self.dict[f.key] = (f.type, f.initial)
                return f.initial
            if f.optional:
                self.dict[f.key] = "empty"
                return None
            raise FastError("D5", "mandatory field %s absent, no previous value and no initial value" % f.name, start)
        if f.optional:
            return None
        raise FastError("D6", "mandatory field %s absent and its previous value is empty" % f.name, start)

    def delta_base(self, f, start):
        e = self.assigned(f, start)
        if e[0] == "assigned":
            return e[1]
        if e[0] == "empty":
            raise FastError("D6", "delta base of %s is empty" % f.name, start)
        if f.initial is not None:
            return f.initial
        return "" if f.type == "ascii" else 0

    def field(self, r, f, pmap):
        start = r.pos
        op = f.op
        if op == "none":
            return self.plain(r, f)
        if op == "constant":
            if f.optional and not pmap.next():
                return None
            return f.initial
        if op == "default":
            if pmap.next():
                return self.plain(r, f)
            return f.initial  # None for an optional field without one (mandatory: checked at load)
        if op in ("copy", "increment"):
            if pmap.next():
                v = self.plain(r, f)
                self.dict[f.key] = "empty" if v is None else (f.type, v)
                return v
            return self.previous(f, start, op == "increment")
        if op == "tail":
            if not pmap.next():
                return self.previous(f, start, False)
            t = self.plain(r, f)
            if t is None:
                if TAIL_NULL == "empty":
                    self.dict[f.key] = "empty"
                return None
            e = self.assigned(f, start)
            if e[0] == "assigned":
                base = e[1]
            elif f.initial is not None:  # undefined or empty: the initial value (FAST 1.1 6.3.8)
                base = f.initial
            else:
                base = ""
            v = t if len(t) >= len(base) else base[: len(base) - len(t)] + t
            self.dict[f.key] = (f.type, v)
            return v
        # delta: never a presence bit
        if f.type == "ascii":
            sub = r.int()
            if f.optional:
                sub = int_nullable(sub)
                if sub is None:
                    return None
            if not -2**31 <= sub <= 2**31 - 1:
                raise FastError("D7", "subtraction length %d does not fit an int32" % sub, start)
            part = r.ascii(False)
            base = self.delta_base(f, start)
            front = sub < 0
            remove = -sub - 1 if front else sub
            if remove > len(base):
                raise FastError("D7", "subtraction length %d exceeds the base length %d" % (remove, len(base)), start)
            v = part + drop_front(base, remove) if front else drop_back(base, remove) + part
        else:
            d = r.int()
            if f.optional:
                d = int_nullable(d)
                if d is None:
                    return None
            v = self.in_range(f.type, self.delta_base(f, start) + d, start, "R4")
            if BUG == "int64-delta-32" and f.type == "int64":
                v = (v + 2**31) % 2**32 - 2**31
        self.dict[f.key] = (f.type, v)
        return v

    def message(self, data, pos):
        r = Reader(data, pos)
        pmap = r.pmap()
        start = r.pos
        if pmap.next():
            tid = r.uint()
            if tid > 2**32 - 1:
                raise FastError("D2", "template id %d does not fit a uInt32" % tid, start)
            self.dict[TEMPLATE_ID_KEY] = ("uInt32", tid)
        else:
            e = self.dict.get(TEMPLATE_ID_KEY)
            if e is None:
                raise FastError("D5", "template id not in the stream and no previous template id", start)
            tid = e[1]
        fields = self.templates.get(tid)
        if fields is None:
            raise FastError("D9", "unknown template id %d" % tid, start)
        out = {}
        for f in fields:
            v = self.field(r, f, pmap)
            out[f.name] = v if v is None or isinstance(v, str) else str(v)
        return {"templateId": tid, "fields": out}, r.pos

    def stream(self, data, reset):
        messages, pos = [], 0
        while pos < len(data):
            if reset == "message":
                self.dict = {}
            try:
                m, pos = self.message(data, pos)
            except FastError as e:
                return {"messages": messages, "error": e.canonical(), "reports": []}
            messages.append(m)
        return {"messages": messages, "error": None, "reports": []}


# ------------------------------------------------------------------------------- protocol

state = {"decoder": None}


def load_templates(params):
    state["decoder"] = None
    state["decoder"] = Decoder(parse_templates(params["xml"]))
    return None


def reset(_params):
    if state["decoder"] is not None:
        state["decoder"].dict = {}
    return None


def decode(params):
    if state["decoder"] is None:
        raise VendorError("S1", "decode before fast.loadTemplates")
    return state["decoder"].stream(bytes.fromhex(params["hex"]), params["reset"])


def decode_batch(params):
    # In order, on the same dictionaries; resetBefore: a dictionary reset point before that stream.
    results = []
    for s in params["streams"]:
        if s.get("resetBefore"):
            reset({})
        results.append(decode(s))
    return {"results": results}


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-fast-python", "version": "1.0.0", "language": "python"},
        components={"fast": {"capabilities": CAPABILITIES, "variants": VARIANTS}},
        handlers={
            "echo": lambda p: p["value"],
            "fast.loadTemplates": load_templates,
            "fast.reset": reset,
            "fast.decode": decode,
            "fast.decodeBatch": decode_batch,
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()

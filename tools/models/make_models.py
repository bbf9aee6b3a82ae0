#!/usr/bin/env python3
"""Writes the project's own default models into assets/models (the render hosts' default asset root).

    python3 tools/models/make_models.py           # (re)write the models
    python3 tools/models/make_models.py --check   # exit 1 if a committed model differs from this script's output

Standard library only, and byte-for-byte deterministic, so the committed .glb files can be checked
against this script. The models are made here, not copied: third-party samples stay outside the
repository (../shared/gltf-samples).

color-cube.glb: a 1 m cube centred on the origin, flat-shaded (24 vertices, 12 triangles), with
COLOR_0 = the vertex position mapped to RGB (the corner at -x,-y,-z is black, +x,+y,+z white), so
every face shows a different gradient and the camera's orientation is obvious in a frame. One
node "ColorCube" with one mesh and one dielectric material.
"""
import json
import os
import struct
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_DIR = os.path.join(ROOT, "assets", "models")
GENERATOR = "ArrHost tools/models/make_models.py"

ARRAY_BUFFER = 34962
ELEMENT_ARRAY_BUFFER = 34963
FLOAT = 5126
UNSIGNED_SHORT = 5123


def pad4(data, fill):
    return data + fill * (-len(data) % 4)


def glb(document, binary):
    """A GLB 2.0 container: 12-byte header, JSON chunk padded with spaces, BIN chunk padded with zeros."""
    json_bytes = pad4(json.dumps(document, separators=(",", ":")).encode("utf-8"), b" ")
    bin_bytes = pad4(binary, b"\0")
    length = 12 + 8 + len(json_bytes) + 8 + len(bin_bytes)
    return (struct.pack("<4sII", b"glTF", 2, length)
            + struct.pack("<I4s", len(json_bytes), b"JSON") + json_bytes
            + struct.pack("<I4s", len(bin_bytes), b"BIN\0") + bin_bytes)


def color_cube():
    # (normal, two in-face axes u and v) per face; u x v = normal keeps the triangles counter-clockwise
    # seen from outside (glTF's front faces).
    faces = [
        ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
        ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),
        ((0, 1, 0), (0, 0, 1), (1, 0, 0)),
        ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
        ((0, 0, 1), (1, 0, 0), (0, 1, 0)),
        ((0, 0, -1), (0, 1, 0), (1, 0, 0)),
    ]
    positions, normals, colors, indices = [], [], [], []
    for n, u, v in faces:
        base = len(positions)
        for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            p = tuple(0.5 * n[i] + 0.5 * su * u[i] + 0.5 * sv * v[i] for i in range(3))
            positions.append(p)
            normals.append(n)
            colors.append(tuple(c + 0.5 for c in p))
        indices += [base, base + 1, base + 2, base, base + 2, base + 3]

    def floats(rows):
        return b"".join(struct.pack("<3f", *row) for row in rows)

    views = [floats(positions), floats(normals), floats(colors), struct.pack(f"<{len(indices)}H", *indices)]
    binary, buffer_views, offset = b"", [], 0
    for i, data in enumerate(views):
        data = pad4(data, b"\0")
        target = ELEMENT_ARRAY_BUFFER if i == 3 else ARRAY_BUFFER
        buffer_views.append({"buffer": 0, "byteOffset": offset, "byteLength": len(data), "target": target})
        binary += data
        offset += len(data)
    # byteLength of the index view without its padding
    buffer_views[3]["byteLength"] = 2 * len(indices)

    document = {
        "asset": {"version": "2.0", "generator": GENERATOR},
        "scene": 0,
        "scenes": [{"name": "ColorCube", "nodes": [0]}],
        "nodes": [{"name": "ColorCube", "mesh": 0}],
        "meshes": [{
            "name": "ColorCube",
            "primitives": [{
                "attributes": {"POSITION": 0, "NORMAL": 1, "COLOR_0": 2},
                "indices": 3,
                "material": 0,
                "mode": 4,
            }],
        }],
        "materials": [{
            "name": "VertexColour",
            "pbrMetallicRoughness": {"baseColorFactor": [1, 1, 1, 1], "metallicFactor": 0, "roughnessFactor": 0.6},
        }],
        "accessors": [
            {"bufferView": 0, "componentType": FLOAT, "count": len(positions), "type": "VEC3",
             "min": [-0.5, -0.5, -0.5], "max": [0.5, 0.5, 0.5]},
            {"bufferView": 1, "componentType": FLOAT, "count": len(normals), "type": "VEC3"},
            {"bufferView": 2, "componentType": FLOAT, "count": len(colors), "type": "VEC3"},
            {"bufferView": 3, "componentType": UNSIGNED_SHORT, "count": len(indices), "type": "SCALAR"},
        ],
        "bufferViews": buffer_views,
        "buffers": [{"byteLength": len(binary)}],
    }
    return glb(document, binary)


MODELS = {"color-cube.glb": color_cube}


def main(argv):
    check = "--check" in argv
    stale = []
    for name, make in MODELS.items():
        path = os.path.join(OUT_DIR, name)
        data = make()
        if check:
            try:
                with open(path, "rb") as f:
                    if f.read() == data:
                        continue
            except FileNotFoundError:
                pass
            stale.append(path)
        else:
            os.makedirs(OUT_DIR, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            print(f"wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)")
    if stale:
        print("stale (run python3 tools/models/make_models.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

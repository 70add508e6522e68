#!/usr/bin/env python3
"""Reads and edits the symbol-version needs of an ELF64 little-endian executable, so that a
binary linked on a newer glibc starts on Lambda's provided.al2023 (glibc 2.34).

    elfcompat.py needs BINARY
        prints one line per needed library: its name and the versions it needs
    elfcompat.py retarget BINARY LIB FROM TO REFLIB
        makes the symbols that need LIB's version FROM need TO instead, after checking that
        REFLIB (the build machine's copy of LIB) exports every one of them at version TO
    elfcompat.py unversion BINARY LIB
        drops LIB's version needs: its symbols bind to the library's default version

Only the .gnu.version_r entries (and .gnu.version indexes) change; code and addresses stay.
Why this exists: Swift's static Glibc overlay (libswiftGlibc.a) imports hypotf, which glibc
2.35 gave a new default version; glibc still exports the original hypotf@GLIBC_2.2.5, which
is what AL2023's libm has. Debian's libcurl names its symbols CURL_OPENSSL_4; Amazon Linux
builds libcurl from its own spec, so the binary asks for no curl version at all.
"""
import re
import struct
import subprocess
import sys

VER_NDX_GLOBAL = 1


def elf_hash(name):
    h = 0
    for byte in name.encode():
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


class Elf:
    def __init__(self, path):
        self.path = path
        self.data = bytearray(open(path, "rb").read())
        if self.data[:4] != b"\x7fELF" or self.data[4] != 2 or self.data[5] != 1:
            raise SystemExit(f"{path}: not an ELF64 little-endian file")
        (self.shoff,) = struct.unpack_from("<Q", self.data, 0x28)
        self.shentsize, self.shnum, self.shstrndx = struct.unpack_from("<HHH", self.data, 0x3A)
        self.sections = []
        for index in range(self.shnum):
            at = self.shoff + index * self.shentsize
            name, kind, _flags, addr, offset, size, link, info, _align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", self.data, at)
            self.sections.append({"name": name, "type": kind, "addr": addr, "offset": offset, "size": size,
                                  "link": link, "info": info, "entsize": entsize, "header": at})
        names = self.sections[self.shstrndx]
        for section in self.sections:
            section["name"] = self._cstr(names["offset"] + section["name"])

    def _cstr(self, at):
        end = self.data.index(0, at)
        return self.data[at:end].decode()

    def section(self, name):
        found = [s for s in self.sections if s["name"] == name]
        if not found:
            raise SystemExit(f"{self.path}: no {name} section")
        return found[0]

    def dynstr(self, offset):
        return self._cstr(self.section(".dynstr")["offset"] + offset)

    def dynstr_offset(self, text):
        table = self.section(".dynstr")
        blob = bytes(self.data[table["offset"]:table["offset"] + table["size"]])
        at = blob.find(b"\0" + text.encode() + b"\0")
        if at < 0:
            raise SystemExit(f"{self.path}: '{text}' is not in .dynstr (no library of it is needed yet)")
        return at + 1

    def verneed(self):
        """[(entry offset, file, [(aux offset, name, index, flags)])] in chain order."""
        section = self.section(".gnu.version_r")
        entries, at = [], section["offset"]
        for _ in range(section["info"]):
            _version, count, file_name, aux, following = struct.unpack_from("<HHIII", self.data, at)
            auxes, aux_at = [], at + aux
            for _ in range(count):
                _hash, flags, other, name, aux_next = struct.unpack_from("<IHHII", self.data, aux_at)
                auxes.append((aux_at, self.dynstr(name), other, flags))
                aux_at += aux_next
            entries.append((at, self.dynstr(file_name), auxes))
            if following == 0:
                break
            at += following
        return entries

    def symbols_with_index(self, index):
        dynsym, versym = self.section(".dynsym"), self.section(".gnu.version")
        found = []
        for number in range(dynsym["size"] // dynsym["entsize"]):
            (ndx,) = struct.unpack_from("<H", self.data, versym["offset"] + 2 * number)
            if ndx & 0x7FFF == index:
                (name,) = struct.unpack_from("<I", self.data, dynsym["offset"] + number * dynsym["entsize"])
                found.append((number, self.dynstr(name)))
        return found

    def save(self):
        with open(self.path, "wb") as out:
            out.write(self.data)


def find_library(elf, library):
    for entry in elf.verneed():
        if entry[1] == library:
            return entry
    raise SystemExit(f"{elf.path} needs no versions of {library}")


def exported_versions(library_path, symbol):
    listing = subprocess.run(["objdump", "-T", library_path], check=True, capture_output=True, text=True).stdout
    pattern = re.compile(r"\s\(?([A-Za-z0-9_.]+)\)?\s+" + re.escape(symbol) + r"$")
    return {m.group(1) for line in listing.splitlines() if (m := pattern.search(line))}


def retarget(path, library, old, new, reference):
    elf = Elf(path)
    _entry, _file, auxes = find_library(elf, library)
    matches = [a for a in auxes if a[1] == old]
    if not matches:
        print(f"{library} {old}: not needed, nothing to do")
        return
    aux_at, _name, index, _flags = matches[0]
    symbols = [name for _, name in elf.symbols_with_index(index)]
    for symbol in symbols:
        versions = exported_versions(reference, symbol)
        if new not in versions:
            raise SystemExit(f"{reference} does not export {symbol}@{new} (it has {sorted(versions)}): cannot retarget")
    struct.pack_into("<I", elf.data, aux_at, elf_hash(new))
    struct.pack_into("<I", elf.data, aux_at + 8, elf.dynstr_offset(new))
    elf.save()
    print(f"{library}: {', '.join(symbols)} now need {new} instead of {old}")


def unversion(path, library):
    elf = Elf(path)
    entries = elf.verneed()
    position = next((i for i, e in enumerate(entries) if e[1] == library), None)
    if position is None:
        print(f"{library}: no version needs, nothing to do")
        return
    entry_at, _file, auxes = entries[position]
    symbols = []
    for _aux_at, _name, index, _flags in auxes:
        for number, name in elf.symbols_with_index(index):
            versym = elf.section(".gnu.version")["offset"] + 2 * number
            struct.pack_into("<H", elf.data, versym, VER_NDX_GLOBAL)
            symbols.append(name)
    (following,) = struct.unpack_from("<I", elf.data, entry_at + 12)
    if position == 0:
        # Move the start of the chain: the section's offset and DT_VERNEED's address.
        if following == 0:
            raise SystemExit(f"{path}: {library} is the only versioned library; not handled")
        section = elf.section(".gnu.version_r")
        struct.pack_into("<Q", elf.data, section["header"] + 0x18, section["offset"] + following)
        struct.pack_into("<Q", elf.data, section["header"] + 0x10, section["addr"] + following)
        struct.pack_into("<Q", elf.data, section["header"] + 0x20, section["size"] - following)
        set_dynamic(elf, 0x6FFFFFFE, section["addr"] + following)  # DT_VERNEED
    else:
        previous_at = entries[position - 1][0]
        (previous_next,) = struct.unpack_from("<I", elf.data, previous_at + 12)
        struct.pack_into("<I", elf.data, previous_at + 12, 0 if following == 0 else previous_next + following)
    section = elf.section(".gnu.version_r")
    struct.pack_into("<I", elf.data, section["header"] + 0x2C, section["info"] - 1)  # sh_info
    set_dynamic(elf, 0x6FFFFFFF, section["info"] - 1)  # DT_VERNEEDNUM
    elf.save()
    print(f"{library}: {len(symbols)} symbols now bind to its default version ({', '.join(sorted(symbols))})")


def set_dynamic(elf, tag, value):
    dynamic = elf.section(".dynamic")
    for at in range(dynamic["offset"], dynamic["offset"] + dynamic["size"], 16):
        (current,) = struct.unpack_from("<q", elf.data, at)
        if current & 0xFFFFFFFFFFFFFFFF == tag:
            struct.pack_into("<Q", elf.data, at + 8, value)
            return
    raise SystemExit(f"{elf.path}: no dynamic tag {tag:#x}")


def needs(path):
    for _entry, library, auxes in Elf(path).verneed():
        print(library, " ".join(sorted(name for _, name, _, _ in auxes)))


def main(argv):
    if len(argv) >= 2 and argv[0] == "needs":
        needs(argv[1])
    elif len(argv) == 6 and argv[0] == "retarget":
        retarget(*argv[1:])
    elif len(argv) == 3 and argv[0] == "unversion":
        unversion(*argv[1:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

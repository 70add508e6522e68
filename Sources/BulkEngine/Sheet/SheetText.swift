/// Small text helpers of the sheet, kept out of `String`'s namespace.
enum SheetText {
    /// White space a spreadsheet cell may carry around a value: Unicode white space (which
    /// includes the no-break space that web pages paste) and the byte-order mark.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.value == 0x20 || (0x09 ... 0x0D).contains(scalar.value)
        }
        return scalar.value == 0xFEFF || scalar.properties.isWhitespace
    }

    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return s }
        if !isSpace(first), !isSpace(last) { return s }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start ..< end])
    }

    // MARK: - Values in reasons

    /// A value longer than this (in UTF-16 code units, as Amazon Connect counts) is not shown
    /// whole in a reason. A little more than the longest value any column takes (a last
    /// name's 300), so a value only a little too long, or one a shifted row moved into the
    /// wrong column, still reads as it is.
    static let wholeUpTo = 320
    /// How much of a longer value a reason shows, in Unicode scalars (never a broken one).
    static let prefixLength = 40

    /// `'value'`, for reasons; every reason that quotes a cell goes through here, so a reason
    /// stays one short line whatever the cell holds. A long value shows its first 40
    /// characters and its length: `'aaaa…' (5,242,880 characters)`, so that a reason of a
    /// 5 MB cell is one short line. Control characters are
    /// shown as their visible pictures (`␀`, `␉`, `␊`), never raw, so a reason is safe to write
    /// in a log, a CSV cell or a terminal.
    static func quoted(_ s: String) -> String {
        let length = s.utf16.count
        guard length > wholeUpTo else { return "'\(visible(s.unicodeScalars[...]))'" }
        let scalars = s.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: prefixLength, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return "'\(visible(scalars[..<end]))…' (\(grouped(length)) characters)"
    }

    /// The same as `quoted`, without the length when the reason states it anyway ("is too
    /// long: 256 characters, at most 255").
    static func quotedWithoutLength(_ s: String) -> String {
        guard s.utf16.count > wholeUpTo else { return quoted(s) }
        let scalars = s.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: prefixLength, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return "'\(visible(scalars[..<end]))…'"
    }

    /// Control characters replaced by their pictures (U+2400 to U+2421); the C1 controls,
    /// which have none, by U+FFFD.
    static func visible(_ scalars: Substring.UnicodeScalarView) -> String {
        guard scalars.contains(where: isControl) else { return String(scalars) }
        var out = String.UnicodeScalarView()
        for scalar in scalars {
            switch scalar.value {
            case 0x00 ... 0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80 ... 0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// `5242880` → `5,242,880`.
    /// A size in MB (of 1,048,576 bytes, as Lambda counts memory), to one decimal.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(grouped(tenths / 10)).\(tenths % 10) MB"
    }

    static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    // MARK: - Cells a spreadsheet would run

    /// Unicode's control characters (general category Cc): the C0 controls U+0000 to U+001F
    /// (NUL, tab, line feed, carriage return...), DEL and the C1 controls U+0080 to U+009F.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value)
    }

    /// The first control character of a cell and its 1-based position, in Unicode scalars.
    static func firstControl(in cell: String) -> (scalar: Unicode.Scalar, position: Int)? {
        // Most cells are plain printable text: one pass over the bytes settles them. C1
        // controls are two bytes in UTF-8, 0xC2 0x80 to 0xC2 0x9F.
        guard cell.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return nil }
        for (offset, scalar) in cell.unicodeScalars.enumerated() where isControl(scalar) {
            return (scalar, offset + 1)
        }
        return nil
    }

    /// A control character, named for a reader: `a tab (U+0009)`.
    static func name(ofControl scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch scalar.value {
        case 0x00: return "a NUL character (\(code))"
        case 0x09: return "a tab (\(code))"
        case 0x0A, 0x0D: return "a line break (\(code))"
        default: return "a control character (\(code))"
        }
    }

    /// The characters a spreadsheet takes as the start of a formula when a cell begins with
    /// them (OWASP's CSV injection): `=`, `+`, `-`, `@`. A leading tab or carriage return,
    /// OWASP's other two, is a control character and refused as such.
    static let formulaLeads: Set<Unicode.Scalar> = ["=", "+", "-", "@"]

    /// The formula character a value begins with, if it does.
    static func formulaLead(of value: String) -> Unicode.Scalar? {
        guard let first = value.unicodeScalars.first, formulaLeads.contains(first) else { return nil }
        return first
    }
}

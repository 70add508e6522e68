/// JSON string literals without Foundation's encoder: log lines, error bodies and other small
/// hand-built documents all quote text through this one function.
public enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters (C0 and
    /// DEL) escaped, everything else as it is.
    public static func quoted(_ text: String) -> String {
        quoted(text, limit: .max, cutMark: { _ in "" })
    }

    /// `text` as a JSON string literal of at most `limit` bytes between its quotes, as written
    /// (escapes counted): a longer one is cut at a character boundary and ends with
    /// `cutMark(the text's UTF-8 size)`, for which room is kept.
    public static func quoted(_ text: String, limit: Int, cutMark: (Int) -> String) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(min(text.utf8.count, limit) + 2)
        let markRoom = limit == .max ? 0 : cutMark(text.utf8.count).utf8.count
        // The output's size after the last scalar that left room for the mark.
        var safe = out.count
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "\n": out += [0x5C, 0x6E]
            case "\r": out += [0x5C, 0x72]
            case "\t": out += [0x5C, 0x74]
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            case _ where scalar.isASCII: out.append(UInt8(scalar.value))
            default: UTF8.encode(scalar) { out.append($0) }
            }
            if out.count - 1 > limit {
                out.removeSubrange(safe...)
                out += Array(cutMark(text.utf8.count).utf8)
                break
            }
            if out.count - 1 <= limit - markRoom { safe = out.count }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A small recursive-descent XML reader over UTF-8 bytes.
struct XMLTreeParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(XMLParseError) -> XMLTree {
        skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw error("expected a root element") }
        let root = try parseElement()
        skipMisc()
        guard position == bytes.count else { throw error("content after the root element") }
        return root
    }

    private mutating func parseElement() throws(XMLParseError) -> XMLTree {
        try expect("<")
        let name = try parseName()
        var element = XMLTree(name: name)
        while true {
            skipSpaces()
            if consume("/>") { return element }
            if consume(">") { break }
            let attribute = try parseName()
            skipSpaces()
            try expect("=")
            skipSpaces()
            element.attributes[attribute] = try parseQuoted()
        }
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unclosed element <\(name)>") }
            if consume("</") {
                let closing = try parseName()
                guard closing == name else { throw error("</\(closing)> closes <\(name)>") }
                skipSpaces()
                try expect(">")
                element.text = String(decoding: text, as: UTF8.self)
                return element
            } else if consume("<![CDATA[") {
                let end = try find("]]>")
                text.append(contentsOf: bytes[position..<end])
                position = end + 3
            } else if consume("<!--") {
                position = try find("-->") + 3
            } else if consume("<?") {
                position = try find("?>") + 2
            } else if peek() == UInt8(ascii: "<") {
                element.children.append(try parseElement())
            } else if peek() == UInt8(ascii: "&") {
                text.append(contentsOf: try parseEntity())
            } else {
                text.append(bytes[position])
                position += 1
            }
        }
    }

    private mutating func parseQuoted() throws(XMLParseError) -> String {
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw error("expected a quoted attribute value")
        }
        position += 1
        var value: [UInt8] = []
        while let byte = peek(), byte != quote {
            if byte == UInt8(ascii: "&") { value.append(contentsOf: try parseEntity()) } else {
                value.append(byte)
                position += 1
            }
        }
        guard peek() == quote else { throw error("unterminated attribute value") }
        position += 1
        return String(decoding: value, as: UTF8.self)
    }

    private mutating func parseEntity() throws(XMLParseError) -> [UInt8] {
        let start = position
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: ";")), end - start <= 12 else {
            throw error("unterminated entity")
        }
        let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        position = end + 1
        switch name {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let scalarValue: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalarValue = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                scalarValue = UInt32(name.dropFirst(), radix: 10)
            } else {
                scalarValue = nil
            }
            guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else {
                position = start
                throw error("unknown entity &\(name);")
            }
            return Array(String(Character(scalar)).utf8)
        }
    }

    private mutating func parseName() throws(XMLParseError) -> String {
        let start = position
        while let byte = peek(), !Self.isSpace(byte), !"/>=<\"'".utf8.contains(byte) { position += 1 }
        guard position > start else { throw error("expected a name") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Skips white space, the XML declaration, comments and a doctype outside the root.
    private mutating func skipMisc() {
        while true {
            skipSpaces()
            if consume("<?"), let end = try? find("?>") { position = end + 2 }
            else if consume("<!--"), let end = try? find("-->") { position = end + 3 }
            else if consume("<!"), let end = try? find(">") { position = end + 1 }
            else { return }
        }
    }

    private mutating func skipSpaces() {
        while let byte = peek(), Self.isSpace(byte) { position += 1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { bytes[position..<(position + count)].elementsEqual($0) }
        if matches { position += count }
        return matches
    }

    private mutating func expect(_ literal: StaticString) throws(XMLParseError) {
        guard consume(literal) else { throw error("expected '\(literal)'") }
    }

    private func find(_ literal: StaticString) throws(XMLParseError) -> Int {
        let needle = literal.withUTF8Buffer { Array($0) }
        var index = position
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        throw error("missing '\(literal)'")
    }

    private func error(_ message: String) -> XMLParseError {
        XMLParseError(message: message, offset: position)
    }
}

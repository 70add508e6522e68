/// A parsed `~/.aws/credentials` or `~/.aws/config` file: named sections of `key = value` pairs.
///
/// Parsed the way botocore's configparser reads them: `[section]` headers, `#` and `;` comment
/// lines, keys lower-cased, values trimmed; indented lines continue the previous key (the nested
/// `s3 =` style), and are kept with it rather than read as keys of their own.
struct SharedConfigFile: Sendable, Equatable {
    private(set) var sections: [String: [String: String]] = [:]

    init(text: String) {
        var section: String?
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if let first = rawLine.first, first == " " || first == "\t", let section, let key = lastKey {
                sections[section]?[key, default: ""] += "\n" + line
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                section = name
                sections[name, default: [:]] = sections[name] ?? [:]
                lastKey = nil
                continue
            }
            guard let section, let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = String(line[..<separator]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: separator)...]).trimmingWhitespace()
            sections[section]?[key] = value
            lastKey = key
        }
    }

    /// Reads the file at `path`; a missing or unreadable file is `nil`.
    static func load(path: String) -> SharedConfigFile? {
        guard let text = FileReader.text(at: path) else { return nil }
        return SharedConfigFile(text: text)
    }

    subscript(section: String) -> [String: String]? { sections[section] }

    /// The settings of a profile in the config file, where profiles other than `default` are
    /// written `[profile name]`.
    func configProfile(_ name: String) -> [String: String]? {
        name == "default" ? (sections["default"] ?? sections["profile default"]) : sections["profile \(name)"]
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}

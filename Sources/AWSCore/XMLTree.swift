/// A parsed XML element: enough of XML for S3's responses (no DTDs, no namespaces resolved).
public struct XMLTree: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    /// The element's own character data (entities and CDATA decoded), children's excluded.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child with this local name (any namespace prefix ignored).
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.localName == name }
    }

    /// Every child with this local name.
    public func children(_ name: String) -> [XMLTree] {
        children.filter { $0.localName == name }
    }

    /// The text of the first child with this name.
    public func childText(_ name: String) -> String? { child(name)?.text }

    var localName: Substring {
        name.split(separator: ":").last ?? Substring(name)
    }

    /// Parses a document and returns its root element.
    public static func parse<Bytes: Collection<UInt8>>(_ document: Bytes) throws(XMLParseError) -> XMLTree {
        var parser = XMLTreeParser(Array(document))
        return try parser.parseDocument()
    }
}

import ConnectClient

/// One proficiency: a predefined attribute of the instance, one of its values, a level 1-5.
public struct SheetProficiency: Sendable, Hashable {
    public var attribute: String
    public var value: String
    public var level: Int

    public init(attribute: String, value: String, level: Int) {
        self.attribute = attribute
        self.value = value
        self.level = level
    }
}

extension SheetProficiency {
    var connect: ConnectUserProficiency {
        ConnectUserProficiency(attributeName: attribute, attributeValue: value, level: Double(level))
    }
}

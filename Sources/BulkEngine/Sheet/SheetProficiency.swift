import ConnectClient

/// One proficiency: a predefined attribute of the instance, one of its values, a level 1-5.
package struct SheetProficiency: Sendable, Hashable {
    package var attribute: String
    package var value: String
    package var level: Int

    package init(attribute: String, value: String, level: Int) {
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

/// The model's `UserProficiency`.
package struct ConnectUserProficiency: Sendable, Hashable {
    package var attributeName: String
    package var attributeValue: String
    /// 1.0 ... 5.0 (`ProficiencyLevel`).
    package var level: Double

    package init(attributeName: String, attributeValue: String, level: Double) {
        self.attributeName = attributeName
        self.attributeValue = attributeValue
        self.level = level
    }
}

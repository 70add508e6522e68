import Foundation

/// A user's proficiency: a value of a predefined attribute, at a level.
public struct ConnectProficiencyState: Codable, Sendable, Equatable {
    public var attributeName: String
    public var attributeValue: String
    public var level: Double

    public init(attributeName: String, attributeValue: String, level: Double) {
        self.attributeName = attributeName
        self.attributeValue = attributeValue
        self.level = level
    }
}

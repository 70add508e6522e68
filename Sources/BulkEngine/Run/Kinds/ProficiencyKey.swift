import AWSCore
import ConnectClient

/// A proficiency's attribute and value: what it is, its level aside.
struct ProficiencyKey: Hashable {
    var attribute: String
    var value: String

    init(_ proficiency: ConnectUserProficiency) {
        attribute = proficiency.attributeName
        value = proficiency.attributeValue
    }
}

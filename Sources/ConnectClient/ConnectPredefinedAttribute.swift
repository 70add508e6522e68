/// A predefined attribute of the instance and its values (SearchPredefinedAttributes).
package struct ConnectPredefinedAttribute: Sendable, Equatable {
    package var name: String
    package var values: [String]

    package init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

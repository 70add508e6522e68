import Foundation

/// Predefined attributes (seeded, read-only here) and the proficiencies users hold over them:
/// SearchPredefinedAttributes, ListPredefinedAttributes, DescribePredefinedAttribute and
/// Associate/Disassociate/Update/ListUserProficiencies.
extension ConnectService {
    // MARK: Predefined attributes

    func predefinedAttributeJSON(_ attribute: ConnectInstance.PredefinedAttribute) -> ConnectJSON {
        .fields([
            "Name": .string(attribute.name),
            "Values": .fields(["StringList": .strings(attribute.values)]),
            "LastModifiedTime": .timestamp(seededAt),
            "LastModifiedRegion": .string(region),
        ])
    }

    /// `SearchCriteria` takes a StringCondition on `name` (and And/Or of them); no criteria
    /// matches every attribute.
    func searchPredefinedAttributes(body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        let instanceID = try body.required(try body.string("InstanceId"), "InstanceId")
        try checkInstanceID(instanceID)
        let maxResults = try body.integer("MaxResults")
        try body.checkRange(maxResults, "MaxResults", min: 1, max: 100)
        let criterion = try body.object("SearchCriteria").map { input throws(ConnectError) in
            try parseCriteria(input, fields: ["name"], allowHierarchy: false)
        } ?? .all([])
        let after = try readToken(try body.string("NextToken"), operation: "SearchPredefinedAttributes", instanceID: instanceID)
        let attributes = try withInstance(instanceID) { instance in instance.predefinedAttributes }
        let matching = attributes.enumerated().filter { Self.matches(criterion, name: $0.element.name) }
        let page = page(matching.map { ($0.offset + 1, $0.element) }, after: after, limit: maxResults ?? 100,
                        operation: "SearchPredefinedAttributes", instanceID: instanceID)
        return .fields([
            "PredefinedAttributes": .array(page.items.map(predefinedAttributeJSON)),
            "NextToken": page.next.map(ConnectJSON.string),
            "ApproximateTotalCount": .number(Double(matching.count)),
        ])
    }

    static func matches(_ criterion: Criterion, name: String) -> Bool {
        switch criterion {
        case let .all(parts): parts.allSatisfy { matches($0, name: name) }
        case let .any(parts): parts.contains { matches($0, name: name) }
        case let .string(_, value, comparison):
            switch comparison {
            case "EXACT": name.lowercased() == value.lowercased()
            case "STARTS_WITH": name.lowercased().hasPrefix(value.lowercased())
            default: name.lowercased().contains(value.lowercased())
            }
        case .hierarchy, .tag: false
        }
    }

    func listPredefinedAttributes(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let paging = try proficiencyPaging(request, operation: "ListPredefinedAttributes", instanceID: instanceID)
        let attributes = try withInstance(instanceID) { instance in instance.predefinedAttributes }
        let page = page(attributes.enumerated().map { ($0.offset + 1, $0.element) }, after: paging.after, limit: paging.limit,
                        operation: "ListPredefinedAttributes", instanceID: instanceID)
        return .fields([
            "NextToken": page.next.map(ConnectJSON.string),
            "PredefinedAttributeSummaryList": .array(page.items.map { attribute in
                .fields(["Name": .string(attribute.name), "LastModifiedTime": .timestamp(seededAt),
                         "LastModifiedRegion": .string(region)])
            }),
        ])
    }

    func describePredefinedAttribute(instanceID: String, name: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance throws(ConnectError) in
            guard let attribute = instance.predefinedAttributes.first(where: { $0.name == name }) else {
                throw .notFound("Predefined attribute '\(name)' not found in instance '\(instance.id)'")
            }
            return .fields(["PredefinedAttribute": predefinedAttributeJSON(attribute)])
        }
    }

    /// `maxResults` (`MaxResult100`) and `nextToken` from the query string.
    func proficiencyPaging(_ request: LocalRequest, operation: String, instanceID: String) throws(ConnectError) -> (after: Int, limit: Int) {
        var limit = 100
        if let text = request.queryValue("maxResults") {
            guard let value = Int(text) else { throw .invalidRequest("'MaxResults' must be an integer") }
            guard (1 ... 100).contains(value) else {
                throw .constraint("MaxResults", value < 1 ? "Member must have value greater than or equal to 1"
                                                          : "Member must have value less than or equal to 100")
            }
            limit = value
        }
        return (try readToken(request.queryValue("nextToken"), operation: operation, instanceID: instanceID), limit)
    }

    // MARK: User proficiencies

    /// `UserProficiencies`: each a value of a predefined attribute; with `Level` (1.0 ... 5.0)
    /// unless `withLevel` is false (`UserProficiencyDisassociate`).
    func readProficiencies(_ body: ConnectInput, withLevel: Bool) throws(ConnectError) -> [ConnectProficiencyState] {
        let items = try body.required(try body.objects("UserProficiencies"), "UserProficiencies")
        var out: [ConnectProficiencyState] = []
        for item in items {
            let name = try item.required(try item.string("AttributeName"), "AttributeName")
            let value = try item.required(try item.string("AttributeValue"), "AttributeValue")
            try item.checkLength(name, "AttributeName", min: 1, max: 100)
            try item.checkLength(value, "AttributeValue", min: 1, max: 100)
            var level = 0.0
            if withLevel {
                guard case let .number(number)? = item.raw("Level") else {
                    if item.has("Level") { throw .invalidRequest("'\(item.fieldPath("Level"))' must be a number") }
                    throw .missing(item.fieldPath("Level"))
                }
                guard number >= 1 else { throw .constraint(item.fieldPath("Level"), "Member must have value greater than or equal to 1.0") }
                guard number <= 5 else { throw .constraint(item.fieldPath("Level"), "Member must have value less than or equal to 5.0") }
                level = number
            }
            out.append(ConnectProficiencyState(attributeName: name, attributeValue: value, level: level))
        }
        return out
    }

    /// A proficiency must name a predefined attribute of the instance and one of its values.
    func checkPredefined(_ proficiencies: [ConnectProficiencyState], in instance: ConnectInstance) throws(ConnectError) {
        for proficiency in proficiencies {
            guard let attribute = instance.predefinedAttributes.first(where: { $0.name == proficiency.attributeName }) else {
                throw .notFound("Predefined attribute '\(proficiency.attributeName)' not found in instance '\(instance.id)'")
            }
            guard attribute.values.contains(proficiency.attributeValue) else {
                throw .invalidParameter("'\(proficiency.attributeValue)' is not a value of the predefined attribute '\(attribute.name)'")
            }
        }
    }

    private func changeProficiencies(instanceID: String, userID: String,
                                     _ change: (ConnectInstance, inout [ConnectProficiencyState]) throws(ConnectError) -> Void) throws(ConnectError) {
        let now = options.now()
        try update(instanceID: instanceID, userID: userID) { instance, user throws(ConnectError) in
            try change(instance, &user.proficiencies)
            user.proficienciesModifiedTime = now
        }
    }

    /// Associating a value the user already has sets its level.
    func associateProficiencies(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let proficiencies = try readProficiencies(body, withLevel: true)
        try changeProficiencies(instanceID: instanceID, userID: userID) { instance, held throws(ConnectError) in
            try checkPredefined(proficiencies, in: instance)
            for proficiency in proficiencies {
                if let index = held.firstIndex(where: { $0.isSameValue(as: proficiency) }) {
                    held[index].level = proficiency.level
                } else {
                    held.append(proficiency)
                }
            }
        }
    }

    /// Values the user does not have are left alone.
    func disassociateProficiencies(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let proficiencies = try readProficiencies(body, withLevel: false)
        try changeProficiencies(instanceID: instanceID, userID: userID) { _, held in
            held.removeAll { have in
                proficiencies.contains { $0.isSameValue(as: have) }
            }
        }
    }

    /// The model: "Proficiencies must first be associated to the user".
    func updateProficiencies(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let proficiencies = try readProficiencies(body, withLevel: true)
        try changeProficiencies(instanceID: instanceID, userID: userID) { instance, held throws(ConnectError) in
            try checkPredefined(proficiencies, in: instance)
            for proficiency in proficiencies {
                guard let index = held.firstIndex(where: { $0.isSameValue(as: proficiency) }) else {
                    throw .invalidParameter("""
                        The user has no proficiency '\(proficiency.attributeName)' = '\(proficiency.attributeValue)': associate it first
                        """)
                }
                held[index].level = proficiency.level
            }
        }
    }

    func listUserProficiencies(instanceID: String, userID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let paging = try proficiencyPaging(request, operation: "ListUserProficiencies", instanceID: instanceID)
        let user = try withInstance(instanceID) { instance throws(ConnectError) in try existingUser(userID, in: instance) }
        let page = page(user.proficiencies.enumerated().map { ($0.offset + 1, $0.element) }, after: paging.after,
                        limit: paging.limit, operation: "ListUserProficiencies", instanceID: instanceID)
        return .fields([
            "NextToken": page.next.map(ConnectJSON.string),
            "UserProficiencyList": .array(page.items.map { proficiency in
                .fields(["AttributeName": .string(proficiency.attributeName), "AttributeValue": .string(proficiency.attributeValue),
                         "Level": .number(proficiency.level)])
            }),
            "LastModifiedTime": user.proficienciesModifiedTime.map(ConnectJSON.timestamp),
            "LastModifiedRegion": user.proficienciesModifiedTime == nil ? nil : .string(region),
        ])
    }
}

extension ConnectProficiencyState {
    /// The same attribute and value, whatever the level: what a proficiency is known by.
    func isSameValue(as other: ConnectProficiencyState) -> Bool {
        attributeName == other.attributeName && attributeValue == other.attributeValue
    }
}

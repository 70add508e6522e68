import AWSCore
import Foundation

/// SearchUsers and SearchUserHierarchyGroups: criteria trees, filters, lag and paging.
extension ConnectService {
    /// A parsed search criteria tree (`UserSearchCriteria`, `UserHierarchyGroupSearchCriteria`,
    /// `ControlPlaneTagFilter`). An empty `.all` matches everything.
    indirect enum Criterion {
        case all([Criterion])
        case any([Criterion])
        case string(field: String, value: String, comparison: String)
        case hierarchy(groupID: String, withChildGroups: Bool)
        case tag(key: String, value: String?)
    }

    /// The StringCondition field names each search accepts, as the model's documentation lists
    /// them (case matters); the text ones compare without regard to case.
    static let userSearchFields = ["Username", "FirstName", "LastName", "RoutingProfileId", "SecurityProfileId", "resourceId"]
    static let userTextFields: Set<String> = ["Username", "FirstName", "LastName"]
    static let groupSearchFields = ["name", "parentId", "levelId", "resourceID"]
    static let groupTextFields: Set<String> = ["name"]

    // MARK: Parsing

    func parseCriteria(_ input: ConnectInput, fields: [String], allowHierarchy: Bool, depth: Int = 0) throws(ConnectError) -> Criterion {
        guard depth < 16 else { throw .invalidParameter("'\(input.path)' is nested too deeply") }
        var parts: [Criterion] = []
        if let list = try input.objects("OrConditions") {
            var any: [Criterion] = []
            for item in list { any.append(try parseCriteria(item, fields: fields, allowHierarchy: allowHierarchy, depth: depth + 1)) }
            parts.append(.any(any))
        }
        if let list = try input.objects("AndConditions") {
            var all: [Criterion] = []
            for item in list { all.append(try parseCriteria(item, fields: fields, allowHierarchy: allowHierarchy, depth: depth + 1)) }
            parts.append(.all(all))
        }
        if let condition = try input.object("StringCondition") {
            let field = try condition.required(try condition.string("FieldName"), "FieldName")
            let value = try condition.required(try condition.string("Value"), "Value")
            let comparison = try condition.required(try condition.string("ComparisonType"), "ComparisonType")
            try condition.checkEnum(comparison, "ComparisonType", ["STARTS_WITH", "CONTAINS", "EXACT"])
            guard fields.contains(field) else {
                throw .invalidParameter("\(condition.fieldPath("FieldName")) '\(field)' is not supported; supported field names: \(fields.joined(separator: ", "))")
            }
            parts.append(.string(field: field, value: value, comparison: comparison))
        }
        if allowHierarchy, let condition = try input.object("HierarchyGroupCondition") {
            let value = try condition.required(try condition.string("Value"), "Value")
            let matchType = try condition.string("HierarchyGroupMatchType") ?? "EXACT"
            try condition.checkEnum(matchType, "HierarchyGroupMatchType", ["EXACT", "WITH_CHILD_GROUPS"])
            parts.append(.hierarchy(groupID: value, withChildGroups: matchType == "WITH_CHILD_GROUPS"))
        }
        if allowHierarchy, input.has("ListCondition") {
            throw .invalidParameter("\(input.fieldPath("ListCondition")) (proficiencies) is not supported by the local stack")
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    func parseTagFilter(_ input: ConnectInput) throws(ConnectError) -> Criterion {
        func tag(_ condition: ConnectInput) throws(ConnectError) -> Criterion {
            .tag(key: try condition.required(try condition.string("TagKey"), "TagKey"), value: try condition.string("TagValue"))
        }
        var parts: [Criterion] = []
        if let lists = try input.array("OrConditions") {
            var any: [Criterion] = []
            for (index, list) in lists.enumerated() {
                guard case let .array(items) = list else { throw .invalidRequest("'\(input.fieldPath("OrConditions"))' must be a list of lists") }
                var all: [Criterion] = []
                for item in items { all.append(try tag(ConnectInput(item, path: "\(input.fieldPath("OrConditions")).\(index + 1)"))) }
                any.append(.all(all))
            }
            parts.append(.any(any))
        }
        if let list = try input.objects("AndConditions") {
            var all: [Criterion] = []
            for item in list { all.append(try tag(item)) }
            parts.append(.all(all))
        }
        if let condition = try input.object("TagCondition") { parts.append(try tag(condition)) }
        return .all(parts)
    }

    // MARK: Matching

    struct Subject {
        var text: (String) -> [String]
        var textFields: Set<String>
        var groupPath: [String] = []
        var tags: [String: String] = [:]
    }

    func matches(_ criterion: Criterion, _ subject: Subject) -> Bool {
        switch criterion {
        case let .all(parts): return parts.allSatisfy { matches($0, subject) }
        case let .any(parts): return parts.contains { matches($0, subject) }
        case let .string(field, value, comparison):
            let folding = subject.textFields.contains(field)
            let needle = folding ? value.lowercased() : value
            return subject.text(field).contains { candidate in
                let haystack = folding ? candidate.lowercased() : candidate
                switch comparison {
                case "EXACT": return haystack == needle
                case "STARTS_WITH": return haystack.hasPrefix(needle)
                default: return needle.isEmpty || haystack.contains(needle)
                }
            }
        case let .hierarchy(groupID, withChildGroups):
            return withChildGroups ? subject.groupPath.contains(groupID) : subject.groupPath.last == groupID
        case let .tag(key, value):
            guard let present = subject.tags[key] else { return false }
            return value.map { $0 == present } ?? true
        }
    }

    // MARK: Shared request members

    func readSearchPaging(_ body: ConnectInput, maxResults: Int) throws(ConnectError) -> (instanceID: String, token: String?, limit: Int) {
        let instanceID = try body.required(try body.string("InstanceId"), "InstanceId")
        try body.checkLength(instanceID, "InstanceId", min: 1, max: 100)
        let token = try body.string("NextToken")
        try body.checkLength(token, "NextToken", min: 1, max: 2500)
        let limit = try body.integer("MaxResults")
        try body.checkRange(limit, "MaxResults", min: 1, max: maxResults)
        return (instanceID, token, limit ?? min(100, maxResults))
    }

    // MARK: SearchUsers

    func searchUsers(body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        let paging = try readSearchPaging(body, maxResults: 500)
        var criteria: [Criterion] = []
        if let input = try body.object("SearchCriteria") {
            criteria.append(try parseCriteria(input, fields: Self.userSearchFields, allowHierarchy: true))
        }
        if let filter = try body.object("SearchFilter") {
            if let tagFilter = try filter.object("TagFilter") { criteria.append(try parseTagFilter(tagFilter)) }
            if filter.has("UserAttributeFilter") {
                throw .invalidParameter("SearchFilter.UserAttributeFilter is not supported by the local stack; use TagFilter")
            }
        }
        let criterion = Criterion.all(criteria)
        let after = try readToken(paging.token, operation: "SearchUsers", instanceID: paging.instanceID)
        let now = options.now()
        let lag = lagSeconds
        let visible = try withInstance(paging.instanceID) { instance in
            if lag > 0 { instance.sweep(now: now, lag: lag) }
            let cutoff: Date? = lag > 0 ? now.addingTimeInterval(-lag) : nil
            return instance.order.compactMap { id -> (Int, ConnectUserState, [String])? in
                guard let entry = instance.entries[id], entry.visibleFrom <= now, let user = entry.visible(at: cutoff) else { return nil }
                let path = user.hierarchyGroupID.flatMap { instance.group($0)?.pathIDs } ?? []
                return (entry.sequence, user, path)
            }
        }
        let matching = visible.filter { _, user, path in
            matches(criterion, Subject(text: { field in Self.userField(user, field) }, textFields: Self.userTextFields,
                                       groupPath: path, tags: user.tags))
        }
        let page = page(matching.map { ($0.0, $0.1) }, after: after, limit: paging.limit,
                        operation: "SearchUsers", instanceID: paging.instanceID)
        return .fields([
            "Users": .array(page.items.map(userSearchSummary)),
            "NextToken": page.next.map(ConnectJSON.string),
            "ApproximateTotalCount": .number(Double(matching.count)),
        ])
    }

    static func userField(_ user: ConnectUserState, _ field: String) -> [String] {
        switch field {
        case "Username": [user.username]
        case "FirstName": user.firstName.map { [$0] } ?? []
        case "LastName": user.lastName.map { [$0] } ?? []
        case "RoutingProfileId": [user.routingProfileID]
        case "SecurityProfileId": user.securityProfileIDs
        case "resourceId": [user.id]
        default: []
        }
    }

    /// `UserSearchSummary`. PhoneConfig's AfterContactWorkTimeLimit is in milliseconds here, as
    /// AWS documents it (DescribeUser reports seconds); the per-channel lists' in
    /// `ConnectOptions.searchChannelAfterContactWorkUnit`, which AWS does not document.
    func userSearchSummary(_ user: ConnectUserState) -> ConnectJSON {
        .fields([
            "Arn": .string(user.arn),
            "DirectoryUserId": user.directoryUserID.map(ConnectJSON.string),
            "HierarchyGroupId": user.hierarchyGroupID.map(ConnectJSON.string),
            "Id": .string(user.id),
            "IdentityInfo": .fields([
                "FirstName": user.firstName.map(ConnectJSON.string),
                "LastName": user.lastName.map(ConnectJSON.string),
            ]),
            "PhoneConfig": phoneJSON(user, afterContactWorkScale: 1000),
            "RoutingProfileId": .string(user.routingProfileID),
            "SecurityProfileIds": .strings(user.securityProfileIDs),
            "Tags": user.tags.isEmpty ? nil : .map(user.tags),
            "Username": .string(user.username),
        ]).inserting(channelListsJSON(user, afterContactWorkScale: options.searchChannelAfterContactWorkUnit.perSecond), before: "")
    }

    // MARK: SearchUserHierarchyGroups

    func searchHierarchyGroups(body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        let paging = try readSearchPaging(body, maxResults: 100)
        var criterion = Criterion.all([])
        if let input = try body.object("SearchCriteria") {
            criterion = try parseCriteria(input, fields: Self.groupSearchFields, allowHierarchy: false)
        }
        if let filter = try body.object("SearchFilter"), filter.has("AttributeFilter") {
            throw .invalidParameter("SearchFilter.AttributeFilter is not supported by the local stack")
        }
        let after = try readToken(paging.token, operation: "SearchUserHierarchyGroups", instanceID: paging.instanceID)
        let (all, count) = try withInstance(paging.instanceID) { instance in
            let matching = instance.groups.enumerated().filter { _, group in
                matches(criterion, Subject(text: { field in
                    switch field {
                    case "name": [group.name]
                    case "parentId": group.parentID.map { [$0] } ?? []
                    case "levelId": [String(group.level)]
                    case "resourceID": [group.id]
                    default: []
                    }
                }, textFields: Self.groupTextFields))
            }
            return (matching.map { ($0.offset + 1, hierarchyGroupJSON($0.element, in: instance)) }, matching.count)
        }
        let page = page(all, after: after, limit: paging.limit, operation: "SearchUserHierarchyGroups", instanceID: paging.instanceID)
        return .fields([
            "UserHierarchyGroups": .array(page.items),
            "NextToken": page.next.map(ConnectJSON.string),
            "ApproximateTotalCount": .number(Double(count)),
        ])
    }
}

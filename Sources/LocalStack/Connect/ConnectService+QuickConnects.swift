import AWSCore
import Foundation

/// Quick connects: CreateQuickConnect (to seed them), DescribeQuickConnect, ListQuickConnects,
/// SearchQuickConnects and DeleteQuickConnect, at the model's paths and with its constraints.
///
/// Faithful to what trips a client: DeleteUser leaves a user's quick connects in place (AWS's
/// DeleteUser documentation asks the caller to delete them), ListQuickConnects gives no
/// configuration (only SearchQuickConnects and DescribeQuickConnect say which user a USER quick
/// connect points at), and SearchQuickConnects pages at most 100.
extension ConnectService {
    static let quickConnectTypes = ["USER", "QUEUE", "PHONE_NUMBER", "FLOW"]
    /// The StringCondition field names SearchQuickConnects accepts (the model's documentation).
    static let quickConnectSearchFields = ["name", "description", "resourceID"]

    // MARK: CreateQuickConnect

    func createQuickConnect(instanceID: String, body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let name = try body.required(try body.string("Name"), "Name")
        try body.checkLength(name, "Name", min: 1, max: 127)
        let description = try body.string("Description")
        try body.checkLength(description, "Description", min: 1, max: 250)
        let config = try body.required(try body.object("QuickConnectConfig"), "QuickConnectConfig")
        let type = try config.required(try config.string("QuickConnectType"), "QuickConnectType")
        try config.checkEnum(type, "QuickConnectType", Self.quickConnectTypes)
        var userID: String?, queueID: String?, flowID: String?, phoneNumber: String?
        switch type {
        case "USER":
            let user = try config.required(try config.object("UserConfig"), "UserConfig")
            userID = try user.required(try user.string("UserId"), "UserId")
            flowID = try user.required(try user.string("ContactFlowId"), "ContactFlowId")
        case "QUEUE":
            let queue = try config.required(try config.object("QueueConfig"), "QueueConfig")
            queueID = try queue.required(try queue.string("QueueId"), "QueueId")
            flowID = try queue.required(try queue.string("ContactFlowId"), "ContactFlowId")
        case "PHONE_NUMBER":
            let phone = try config.required(try config.object("PhoneConfig"), "PhoneConfig")
            let number = try phone.required(try phone.string("PhoneNumber"), "PhoneNumber")
            guard ConnectRules.isE164(number) else {
                throw .constraint("QuickConnectConfig.PhoneConfig.PhoneNumber", "Member must satisfy regular expression pattern: \\+[1-9]\\d{1,14}$")
            }
            phoneNumber = number
        default:
            let flow = try config.required(try config.object("FlowConfig"), "FlowConfig")
            flowID = try flow.required(try flow.string("ContactFlowId"), "ContactFlowId")
        }
        let tags = try readTags(body, "Tags") ?? [:]
        let now = options.now()
        let newID = options.makeID()
        return try withInstance(instanceID) { instance throws(ConnectError) in
            if let userID { _ = try existingUser(userID, in: instance) }
            guard !instance.quickConnects.contains(where: { $0.name == name }) else {
                throw .duplicate("A quick connect named '\(name)' already exists in instance '\(instanceID)'")
            }
            let quick = ConnectQuickConnectState(
                id: newID, arn: "\(instance.arn)/transfer-destination/\(newID)", name: name, description: description, type: type,
                userID: userID, queueID: queueID, contactFlowID: flowID, phoneNumber: phoneNumber, tags: tags,
                lastModifiedTime: now, lastModifiedRegion: region, sequence: instance.nextQuickConnectSequence)
            instance.nextQuickConnectSequence += 1
            instance.quickConnects.append(quick)
            return .fields(["QuickConnectARN": .string(quick.arn), "QuickConnectId": .string(quick.id)])
        }
    }

    // MARK: Reading

    func quickConnectJSON(_ quick: ConnectQuickConnectState) -> ConnectJSON {
        let config: ConnectJSON
        switch quick.type {
        case "USER":
            config = .fields(["QuickConnectType": .string(quick.type), "UserConfig": .fields([
                "UserId": quick.userID.map(ConnectJSON.string), "ContactFlowId": quick.contactFlowID.map(ConnectJSON.string)])])
        case "QUEUE":
            config = .fields(["QuickConnectType": .string(quick.type), "QueueConfig": .fields([
                "QueueId": quick.queueID.map(ConnectJSON.string), "ContactFlowId": quick.contactFlowID.map(ConnectJSON.string)])])
        case "PHONE_NUMBER":
            config = .fields(["QuickConnectType": .string(quick.type), "PhoneConfig": .fields([
                "PhoneNumber": quick.phoneNumber.map(ConnectJSON.string)])])
        default:
            config = .fields(["QuickConnectType": .string(quick.type), "FlowConfig": .fields([
                "ContactFlowId": quick.contactFlowID.map(ConnectJSON.string)])])
        }
        return .fields([
            "QuickConnectARN": .string(quick.arn),
            "QuickConnectId": .string(quick.id),
            "Name": .string(quick.name),
            "Description": quick.description.map(ConnectJSON.string),
            "QuickConnectConfig": config,
            "Tags": quick.tags.isEmpty ? nil : .map(quick.tags),
            "LastModifiedTime": .timestamp(quick.lastModifiedTime),
            "LastModifiedRegion": .string(quick.lastModifiedRegion),
        ])
    }

    func existingQuickConnect(_ id: String, in instance: ConnectInstance) throws(ConnectError) -> ConnectQuickConnectState {
        guard let quick = instance.quickConnects.first(where: { $0.id == id }) else {
            throw .notFound("Quick connect '\(id)' not found in instance '\(instance.id)'")
        }
        return quick
    }

    func describeQuickConnect(instanceID: String, quickConnectID: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance throws(ConnectError) in
            .fields(["QuickConnect": quickConnectJSON(try existingQuickConnect(quickConnectID, in: instance))])
        }
    }

    /// `QuickConnectTypes` (a query list, at most 4) keeps only those types.
    func listQuickConnects(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let paging = try listPaging(request, operation: "ListQuickConnects", instanceID: instanceID)
        let types = request.query.filter { $0.name == "QuickConnectTypes" }.map(\.value)
        guard types.count <= 4 else { throw .constraint("QuickConnectTypes", "Member must have length less than or equal to 4") }
        for type in types where !Self.quickConnectTypes.contains(type) {
            throw .constraint("QuickConnectTypes.member", "Member must satisfy enum value set: [\(Self.quickConnectTypes.joined(separator: ", "))]")
        }
        let all = try withInstance(instanceID) { instance in instance.quickConnects }
        let kept = all.filter { types.isEmpty || types.contains($0.type) }
        let page = page(kept.map { ($0.sequence, $0) }, after: paging.after, limit: paging.limit,
                        operation: "ListQuickConnects", instanceID: instanceID)
        let summaries = page.items.map { quick in
            ConnectJSON.fields([
                "Id": .string(quick.id),
                "Arn": .string(quick.arn),
                "Name": .string(quick.name),
                "QuickConnectType": .string(quick.type),
                "LastModifiedTime": .timestamp(quick.lastModifiedTime),
                "LastModifiedRegion": .string(quick.lastModifiedRegion),
            ])
        }
        return .fields(["QuickConnectSummaryList": .array(summaries), "NextToken": page.next.map(ConnectJSON.string)])
    }

    /// Criteria on `name`, `description` and `resourceID`; `SearchFilter.TagFilter` on tags.
    func searchQuickConnects(body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        let paging = try readSearchPaging(body, maxResults: 100)
        var criteria: [Criterion] = []
        if let input = try body.object("SearchCriteria") {
            criteria.append(try parseCriteria(input, fields: Self.quickConnectSearchFields, allowHierarchy: false))
        }
        if let filter = try body.object("SearchFilter"), let tagFilter = try filter.object("TagFilter") {
            criteria.append(try parseTagFilter(tagFilter))
        }
        let criterion = Criterion.all(criteria)
        let after = try readToken(paging.token, operation: "SearchQuickConnects", instanceID: paging.instanceID)
        let all = try withInstance(paging.instanceID) { instance in instance.quickConnects }
        let matching = all.filter { quick in
            matches(criterion, Subject(text: { field in
                switch field {
                case "name": [quick.name]
                case "description": quick.description.map { [$0] } ?? []
                case "resourceID": [quick.id]
                default: []
                }
            }, textFields: ["name", "description"], tags: quick.tags))
        }
        let page = page(matching.map { ($0.sequence, $0) }, after: after, limit: paging.limit,
                        operation: "SearchQuickConnects", instanceID: paging.instanceID)
        return .fields([
            "QuickConnects": .array(page.items.map(quickConnectJSON)),
            "NextToken": page.next.map(ConnectJSON.string),
            "ApproximateTotalCount": .number(Double(matching.count)),
        ])
    }

    // MARK: DeleteQuickConnect

    func deleteQuickConnect(instanceID: String, quickConnectID: String) throws(ConnectError) {
        try withInstance(instanceID) { instance throws(ConnectError) in
            _ = try existingQuickConnect(quickConnectID, in: instance)
            instance.quickConnects.removeAll { $0.id == quickConnectID }
        }
    }

    /// The quick connects of an instance, for tests and the admin paths.
    public func quickConnects(instanceID: String) -> [ConnectQuickConnectState] {
        state.withLock { $0.instances[instanceID]?.quickConnects ?? [] }
    }
}

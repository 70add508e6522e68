import Foundation

/// The per-channel settings: the five lists of CreateUser, UpdateUserConfig, DescribeUser and
/// SearchUsers (`AutoAcceptConfigs`, `AfterContactWorkConfigs`, `PhoneNumberConfigs`,
/// `PersistentConnectionConfigs`, `VoiceEnhancementConfigs`).
extension ConnectService {
    static let channelNames = ["VOICE", "CHAT", "TASK", "EMAIL"]
    static let channelListNames = ["AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs",
                                   "PersistentConnectionConfigs", "VoiceEnhancementConfigs"]

    /// The lists of one request, read and checked; a channel a list has no item for is absent.
    struct ChannelListsInput {
        var autoAccept: [String: (autoAccept: Bool, callback: Bool?)] = [:]
        /// `nil` limits: the item left that limit out (unchanged).
        var afterContactWork: [String: (limit: Int?, callback: Int?)] = [:]
        var phoneNumber: (type: String, number: String?)?
        var persistentConnection: Bool?
        var voiceEnhancement: String?
        /// The list members the request has (even empty).
        var present: Set<String> = []
    }

    func readChannelLists(_ body: ConnectInput) throws(ConnectError) -> ChannelListsInput {
        var lists = ChannelListsInput()
        /// Each item's channel, checked against the enum, unique in its list, VOICE where the
        /// model says "Only VOICE is supported for this data type".
        func channels(_ name: String, voiceOnly: Bool) throws(ConnectError) -> [(String, ConnectInput)]? {
            guard let items = try body.objects(name) else { return nil }
            lists.present.insert(name)
            var seen = Set<String>()
            var out: [(String, ConnectInput)] = []
            for item in items {
                let channel = try item.required(try item.string("Channel"), "Channel")
                try item.checkEnum(channel, "Channel", Self.channelNames)
                if voiceOnly, channel != "VOICE" {
                    throw .invalidParameter("\(item.fieldPath("Channel")): only VOICE is supported for \(name)")
                }
                guard seen.insert(channel).inserted else {
                    throw .invalidParameter("\(name) has more than one item for channel \(channel)")
                }
                out.append((channel, item))
            }
            return out
        }
        func voiceOnlyMember(_ item: ConnectInput, _ member: String, _ channel: String, _ present: Bool) throws(ConnectError) {
            if present, channel != "VOICE" {
                throw .invalidParameter("\(item.fieldPath(member)) applies to the VOICE channel only")
            }
        }
        for (channel, item) in try channels("AutoAcceptConfigs", voiceOnly: false) ?? [] {
            let value = try item.required(try item.bool("AutoAccept"), "AutoAccept")
            let callback = try item.bool("AgentFirstCallbackAutoAccept")
            try voiceOnlyMember(item, "AgentFirstCallbackAutoAccept", channel, callback != nil)
            lists.autoAccept[channel] = (value, callback)
        }
        for (channel, item) in try channels("AfterContactWorkConfigs", voiceOnly: false) ?? [] {
            let config = try item.required(try item.object("AfterContactWorkConfig"), "AfterContactWorkConfig")
            let limit = try config.integer("AfterContactWorkTimeLimit")
            try config.checkRange(limit, "AfterContactWorkTimeLimit", min: 0, max: Self.maxAfterContactWorkTimeLimit)
            let callbackConfig = try item.object("AgentFirstCallbackAfterContactWorkConfig")
            try voiceOnlyMember(item, "AgentFirstCallbackAfterContactWorkConfig", channel, callbackConfig != nil)
            let callback = try callbackConfig?.integer("AfterContactWorkTimeLimit")
            try callbackConfig?.checkRange(callback, "AfterContactWorkTimeLimit", min: 0, max: Self.maxAfterContactWorkTimeLimit)
            lists.afterContactWork[channel] = (limit, callback)
        }
        for (_, item) in try channels("PhoneNumberConfigs", voiceOnly: true) ?? [] {
            let type = try item.required(try item.string("PhoneType"), "PhoneType")
            try item.checkEnum(type, "PhoneType", ["SOFT_PHONE", "DESK_PHONE"])
            let number = try item.string("PhoneNumber")
            if let number, !number.isEmpty, !ConnectRules.isE164(number) {
                throw .constraint(item.fieldPath("PhoneNumber"), "Member must satisfy regular expression pattern: \\+[1-9]\\d{1,14}$")
            }
            lists.phoneNumber = (type, number)
        }
        for (_, item) in try channels("PersistentConnectionConfigs", voiceOnly: true) ?? [] {
            lists.persistentConnection = try item.required(try item.bool("PersistentConnection"), "PersistentConnection")
        }
        for (_, item) in try channels("VoiceEnhancementConfigs", voiceOnly: true) ?? [] {
            let mode = try item.required(try item.string("VoiceEnhancementMode"), "VoiceEnhancementMode")
            try item.checkEnum(mode, "VoiceEnhancementMode", ["VOICE_ISOLATION", "NOISE_SUPPRESSION", "NONE"])
            lists.voiceEnhancement = mode
        }
        return lists
    }

    /// Sets what the lists name; channels and lists they leave out stay as they are.
    func apply(_ lists: ChannelListsInput, to user: inout ConnectUserState) throws(ConnectError) {
        for (channel, value) in lists.autoAccept {
            if channel == "VOICE" {
                user.autoAccept = value.autoAccept
                if let callback = value.callback { user.agentFirstCallbackAutoAccept = callback }
            } else {
                user.channels[channel, default: ConnectChannelState()].autoAccept = value.autoAccept
            }
        }
        for (channel, value) in lists.afterContactWork {
            if channel == "VOICE" {
                if let limit = value.limit { user.afterContactWorkTimeLimit = limit }
                if let callback = value.callback { user.agentFirstCallbackAfterContactWorkTimeLimit = callback }
            } else if let limit = value.limit {
                user.channels[channel, default: ConnectChannelState()].afterContactWorkTimeLimit = limit
            }
        }
        if let phone = lists.phoneNumber {
            let number = phone.number ?? user.deskPhoneNumber
            if phone.type == "DESK_PHONE", (number ?? "").isEmpty {
                throw .invalidParameter("PhoneNumberConfigs.PhoneNumber is required when PhoneNumberConfigs.PhoneType is DESK_PHONE")
            }
            user.phoneType = phone.type
            user.deskPhoneNumber = number
        }
        if let value = lists.persistentConnection { user.persistentConnection = value }
        if let mode = lists.voiceEnhancement { user.voiceEnhancementMode = mode }
    }

    /// The five lists as a user reports them, every channel; `afterContactWorkScale` the ACW
    /// unit's count per second (1 for DescribeUser; SearchUsers' is an option).
    func channelListsJSON(_ user: ConnectUserState, afterContactWorkScale: Int) -> [(String, ConnectJSON)] {
        func limit(_ seconds: Int) -> ConnectJSON {
            .fields(["AfterContactWorkTimeLimit": .number(Double(seconds * afterContactWorkScale))])
        }
        var autoAccept: [ConnectJSON] = [.fields([
            "Channel": .string("VOICE"), "AutoAccept": .bool(user.autoAccept),
            "AgentFirstCallbackAutoAccept": user.agentFirstCallbackAutoAccept.map(ConnectJSON.bool),
        ])]
        var afterContactWork: [ConnectJSON] = [.fields([
            "Channel": .string("VOICE"), "AfterContactWorkConfig": limit(user.afterContactWorkTimeLimit),
            "AgentFirstCallbackAfterContactWorkConfig": user.agentFirstCallbackAfterContactWorkTimeLimit.map(limit),
        ])]
        for channel in ConnectUserState.otherChannels {
            let state = user.channels[channel] ?? ConnectChannelState()
            autoAccept.append(.fields(["Channel": .string(channel), "AutoAccept": .bool(state.autoAccept)]))
            afterContactWork.append(.fields(["Channel": .string(channel), "AfterContactWorkConfig": limit(state.afterContactWorkTimeLimit)]))
        }
        return [
            ("AutoAcceptConfigs", .array(autoAccept)),
            ("AfterContactWorkConfigs", .array(afterContactWork)),
            ("PhoneNumberConfigs", .array([.fields([
                "Channel": .string("VOICE"), "PhoneType": .string(user.phoneType),
                "PhoneNumber": user.deskPhoneNumber.map(ConnectJSON.string),
            ])])),
            ("PersistentConnectionConfigs", .array([.fields([
                "Channel": .string("VOICE"), "PersistentConnection": .bool(user.persistentConnection),
            ])])),
            ("VoiceEnhancementConfigs", .array([.fields([
                "Channel": .string("VOICE"), "VoiceEnhancementMode": .string(user.voiceEnhancementMode),
            ])])),
        ]
    }

    // MARK: UpdateUserConfig

    func updateUserConfig(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let lists = try readChannelLists(body)
        try update(instanceID: instanceID, userID: userID) { _, user throws(ConnectError) in
            try apply(lists, to: &user)
        }
    }
}

extension ConnectJSON {
    /// This object with `members` inserted before the member `name` (at the end without it).
    func inserting(_ members: [(String, ConnectJSON)], before name: String) -> ConnectJSON {
        guard case var .object(existing) = self else { return self }
        let index = existing.firstIndex { $0.0 == name } ?? existing.endIndex
        existing.insert(contentsOf: members, at: index)
        return .object(existing)
    }
}

import AWSCore
import Foundation

/// The data the Connect stand-in starts with, read from JSON.
///
/// ```json
/// {
///   "accountId": "123456789012",
///   "region": "us-east-1",
///   "instances": [{
///     "id": "optional; derived from the alias when left out",
///     "alias": "agents-managed",
///     "identityManagementType": "CONNECT_MANAGED | SAML | EXISTING_DIRECTORY",
///     "securityProfiles": ["Admin", {"id": "optional-fixed-id", "name": "Agent"}],
///     "routingProfiles": ["Basic Routing Profile"],
///     "hierarchyLevels": ["Department", "Team", "Region"],
///     "hierarchyGroups": ["technical support/IT/Eastern", "general inquiries"],
///     "users": [{
///       "username": "jdoe", "firstName": "Jane", "lastName": "Doe",
///       "email": "optional", "password": "optional, only whether one is set is kept",
///       "directoryUserId": "optional",
///       "securityProfiles": ["Agent"], "routingProfile": "Basic Routing Profile",
///       "phoneType": "SOFT_PHONE (default) | DESK_PHONE", "deskPhoneNumber": "+12065550100",
///       "autoAccept": false, "afterContactWorkTimeLimit": 0,
///       "hierarchyGroup": "technical support/IT/Eastern", "tags": {"team": "blue"},
///       "channels": {
///         "VOICE": {"autoAccept": true, "afterContactWorkTimeLimit": 30, "agentFirstCallbackAutoAccept": true,
///                   "agentFirstCallbackAfterContactWorkTimeLimit": 10, "persistentConnection": true,
///                   "voiceEnhancementMode": "NOISE_SUPPRESSION"},
///         "CHAT": {"autoAccept": true, "afterContactWorkTimeLimit": 60}
///       },
///       "proficiencies": [{"attributeName": "Language", "attributeValue": "English", "level": 4}]
///     }],
///     "predefinedAttributes": [{"name": "Language", "values": ["English", "Spanish"]}]
///   }]
/// }
/// ```
///
/// A user's `channels` override the phone members for VOICE (`autoAccept`,
/// `afterContactWorkTimeLimit`); a channel left out keeps auto accept off and the user's
/// `afterContactWorkTimeLimit` (what CreateUser with PhoneConfig gives every channel).
///
/// ```
/// ```
///
/// Profiles, groups and users are referred to by name (groups by their whole path, levels
/// separated by `/`); every prefix of a group path is a group too. Ids of seeded entities are
/// derived from names (`ConnectSeed.securityProfileID(instanceID:name:)` and friends), so the
/// same seed always gives the same ids and tests can predict them.
public struct ConnectSeed: Codable, Sendable, Equatable {
    public var accountID: String
    public var region: String
    public var instances: [Instance]

    public init(accountID: String, region: String, instances: [Instance]) {
        self.accountID = accountID
        self.region = region
        self.instances = instances
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "accountId", region, instances
    }

    public struct Instance: Codable, Sendable, Equatable {
        public var id: String?
        public var alias: String
        public var identityManagementType: String
        public var securityProfiles: [NamedResource]
        public var routingProfiles: [NamedResource]
        public var hierarchyLevels: [String]
        public var hierarchyGroups: [String]
        public var users: [User]
        public var predefinedAttributes: [PredefinedAttribute]

        public init(id: String? = nil, alias: String, identityManagementType: String,
                    securityProfiles: [NamedResource] = [], routingProfiles: [NamedResource] = [],
                    hierarchyLevels: [String] = [], hierarchyGroups: [String] = [], users: [User] = [],
                    predefinedAttributes: [PredefinedAttribute] = []) {
            self.predefinedAttributes = predefinedAttributes
            self.id = id
            self.alias = alias
            self.identityManagementType = identityManagementType
            self.securityProfiles = securityProfiles
            self.routingProfiles = routingProfiles
            self.hierarchyLevels = hierarchyLevels
            self.hierarchyGroups = hierarchyGroups
            self.users = users
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            alias = try container.decode(String.self, forKey: .alias)
            identityManagementType = try container.decodeIfPresent(String.self, forKey: .identityManagementType) ?? "CONNECT_MANAGED"
            securityProfiles = try container.decodeIfPresent([NamedResource].self, forKey: .securityProfiles) ?? []
            routingProfiles = try container.decodeIfPresent([NamedResource].self, forKey: .routingProfiles) ?? []
            hierarchyLevels = try container.decodeIfPresent([String].self, forKey: .hierarchyLevels) ?? []
            hierarchyGroups = try container.decodeIfPresent([String].self, forKey: .hierarchyGroups) ?? []
            users = try container.decodeIfPresent([User].self, forKey: .users) ?? []
            predefinedAttributes = try container.decodeIfPresent([PredefinedAttribute].self, forKey: .predefinedAttributes) ?? []
        }

        /// The instance id: the given one, or one derived from the alias.
        public var resolvedID: String { id ?? ConnectSeed.instanceID(alias: alias) }
    }

    /// A predefined attribute and its values (string list).
    public struct PredefinedAttribute: Codable, Sendable, Equatable {
        public var name: String
        public var values: [String]

        public init(name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    /// One channel's settings of a seeded user; members left out keep their defaults.
    public struct Channel: Codable, Sendable, Equatable {
        public var autoAccept: Bool?
        public var afterContactWorkTimeLimit: Int?
        /// VOICE only.
        public var agentFirstCallbackAutoAccept: Bool?
        public var agentFirstCallbackAfterContactWorkTimeLimit: Int?
        public var persistentConnection: Bool?
        public var voiceEnhancementMode: String?

        public init(autoAccept: Bool? = nil, afterContactWorkTimeLimit: Int? = nil, agentFirstCallbackAutoAccept: Bool? = nil,
                    agentFirstCallbackAfterContactWorkTimeLimit: Int? = nil, persistentConnection: Bool? = nil,
                    voiceEnhancementMode: String? = nil) {
            self.autoAccept = autoAccept
            self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
            self.agentFirstCallbackAutoAccept = agentFirstCallbackAutoAccept
            self.agentFirstCallbackAfterContactWorkTimeLimit = agentFirstCallbackAfterContactWorkTimeLimit
            self.persistentConnection = persistentConnection
            self.voiceEnhancementMode = voiceEnhancementMode
        }
    }

    public struct Proficiency: Codable, Sendable, Equatable {
        public var attributeName: String
        public var attributeValue: String
        public var level: Double

        public init(attributeName: String, attributeValue: String, level: Double) {
            self.attributeName = attributeName
            self.attributeValue = attributeValue
            self.level = level
        }
    }

    /// A security or routing profile: a bare name in JSON, or `{"id": ..., "name": ...}`.
    public struct NamedResource: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
        public var id: String?
        public var name: String

        public init(id: String? = nil, name: String) {
            self.id = id
            self.name = name
        }

        public init(stringLiteral name: String) { self.init(name: name) }

        enum CodingKeys: String, CodingKey { case id, name }

        public init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self.init(name: name)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try container.decodeIfPresent(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name))
        }
    }

    public struct User: Codable, Sendable, Equatable {
        public var username: String
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        public var password: String?
        public var directoryUserID: String?
        public var securityProfiles: [String]
        public var routingProfile: String
        public var phoneType: String
        public var deskPhoneNumber: String?
        public var autoAccept: Bool
        public var afterContactWorkTimeLimit: Int
        public var hierarchyGroup: String?
        public var tags: [String: String]
        /// `VOICE`, `CHAT`, `TASK`, `EMAIL`.
        public var channels: [String: Channel]
        public var proficiencies: [Proficiency]
        public var secondaryEmail: String?
        public var mobile: String?

        public init(username: String, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                    password: String? = nil, directoryUserID: String? = nil, securityProfiles: [String],
                    routingProfile: String, phoneType: String = "SOFT_PHONE", deskPhoneNumber: String? = nil,
                    autoAccept: Bool = false, afterContactWorkTimeLimit: Int = 0, hierarchyGroup: String? = nil,
                    tags: [String: String] = [:], channels: [String: Channel] = [:], proficiencies: [Proficiency] = [],
                    secondaryEmail: String? = nil, mobile: String? = nil) {
            self.channels = channels
            self.proficiencies = proficiencies
            self.secondaryEmail = secondaryEmail
            self.mobile = mobile
            self.username = username
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.password = password
            self.directoryUserID = directoryUserID
            self.securityProfiles = securityProfiles
            self.routingProfile = routingProfile
            self.phoneType = phoneType
            self.deskPhoneNumber = deskPhoneNumber
            self.autoAccept = autoAccept
            self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
            self.hierarchyGroup = hierarchyGroup
            self.tags = tags
        }

        enum CodingKeys: String, CodingKey {
            case username, firstName, lastName, email, password, directoryUserID = "directoryUserId", securityProfiles
            case routingProfile, phoneType, deskPhoneNumber, autoAccept, afterContactWorkTimeLimit, hierarchyGroup, tags
            case channels, proficiencies, secondaryEmail, mobile
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                username: try c.decode(String.self, forKey: .username),
                firstName: try c.decodeIfPresent(String.self, forKey: .firstName),
                lastName: try c.decodeIfPresent(String.self, forKey: .lastName),
                email: try c.decodeIfPresent(String.self, forKey: .email),
                password: try c.decodeIfPresent(String.self, forKey: .password),
                directoryUserID: try c.decodeIfPresent(String.self, forKey: .directoryUserID),
                securityProfiles: try c.decodeIfPresent([String].self, forKey: .securityProfiles) ?? [],
                routingProfile: try c.decode(String.self, forKey: .routingProfile),
                phoneType: try c.decodeIfPresent(String.self, forKey: .phoneType) ?? "SOFT_PHONE",
                deskPhoneNumber: try c.decodeIfPresent(String.self, forKey: .deskPhoneNumber),
                autoAccept: try c.decodeIfPresent(Bool.self, forKey: .autoAccept) ?? false,
                afterContactWorkTimeLimit: try c.decodeIfPresent(Int.self, forKey: .afterContactWorkTimeLimit) ?? 0,
                hierarchyGroup: try c.decodeIfPresent(String.self, forKey: .hierarchyGroup),
                tags: try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:],
                channels: try c.decodeIfPresent([String: Channel].self, forKey: .channels) ?? [:],
                proficiencies: try c.decodeIfPresent([Proficiency].self, forKey: .proficiencies) ?? [],
                secondaryEmail: try c.decodeIfPresent(String.self, forKey: .secondaryEmail),
                mobile: try c.decodeIfPresent(String.self, forKey: .mobile))
        }
    }

    /// Reads a seed from JSON text.
    public static func decode(_ json: [UInt8]) throws -> ConnectSeed {
        try JSONDecoder().decode(ConnectSeed.self, from: Data(json))
    }

    // MARK: Deterministic ids

    /// A UUID-shaped id (lower-case hex, 8-4-4-4-12) from the SHA-256 of `parts`.
    public static func stableID(_ parts: String...) -> String {
        let digest = Crypto.hex(Crypto.sha256(Array(parts.joined(separator: "\u{1F}").utf8)))
        let hex = Array(digest.prefix(32))
        return [0 ..< 8, 8 ..< 12, 12 ..< 16, 16 ..< 20, 20 ..< 32].map { String(hex[$0]) }.joined(separator: "-")
    }

    public static func instanceID(alias: String) -> String { stableID("instance", alias) }
    public static func securityProfileID(instanceID: String, name: String) -> String { stableID("security-profile", instanceID, name) }
    public static func routingProfileID(instanceID: String, name: String) -> String { stableID("routing-profile", instanceID, name) }
    /// `path` is the group's whole path, `technical support/IT/Eastern`.
    public static func hierarchyGroupID(instanceID: String, path: String) -> String { stableID("agent-group", instanceID, path) }
    /// `level` counts from 1.
    public static func hierarchyLevelID(instanceID: String, level: Int) -> String { stableID("agent-group-level", instanceID, String(level)) }
    public static func userID(instanceID: String, username: String) -> String { stableID("agent", instanceID, username) }

    // MARK: The default seed

    /// Three instances, one per identity management type, with the console's default profiles,
    /// a three-level hierarchy and, on the Connect-managed one, three existing users.
    public static let defaultSeed: ConnectSeed = {
        do {
            return try decode(Array(defaultSeedJSON.utf8))
        } catch {
            fatalError("The embedded default Connect seed does not decode: \(error)")
        }
    }()

    /// The default seed as JSON, for the README and for tools that want to start from it.
    public static let defaultSeedJSON = #"""
        {
          "accountId": "123456789012",
          "region": "us-east-1",
          "instances": [
            {
              "alias": "agents-managed",
              "identityManagementType": "CONNECT_MANAGED",
              "securityProfiles": ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"],
              "routingProfiles": ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"],
              "hierarchyLevels": ["Department", "Team", "Region"],
              "hierarchyGroups": ["technical support/IT/Eastern", "technical support/IT/Australia",
                                  "technical support/US/Eastern", "general inquiries"],
              "users": [
                {"username": "admin", "firstName": "Ada", "lastName": "Admin", "email": "admin@example.com",
                 "password": "Adm1nPassw0rd", "securityProfiles": ["Admin"], "routingProfile": "Basic Routing Profile",
                 "phoneType": "SOFT_PHONE", "autoAccept": false, "afterContactWorkTimeLimit": 0},
                {"username": "jdoe", "firstName": "Jane", "lastName": "Doe", "email": "jdoe@example.com",
                 "password": "Jd0ePassword", "securityProfiles": ["Agent"], "routingProfile": "Support Routing Profile",
                 "phoneType": "SOFT_PHONE", "autoAccept": true, "afterContactWorkTimeLimit": 30,
                 "hierarchyGroup": "technical support/IT/Eastern"},
                {"username": "asmith", "firstName": "Alex", "lastName": "Smith", "email": "asmith@example.com",
                 "password": "Sm1thPassword", "securityProfiles": ["Agent", "QualityAnalyst"],
                 "routingProfile": "Sales Routing Profile", "phoneType": "DESK_PHONE", "deskPhoneNumber": "+12065550100",
                 "autoAccept": false, "afterContactWorkTimeLimit": 120, "hierarchyGroup": "general inquiries"}
              ],
              "predefinedAttributes": [
                {"name": "Language", "values": ["English", "Spanish", "French"]},
                {"name": "Technology", "values": ["Billing", "Networking"]}
              ]
            },
            {
              "alias": "agents-saml",
              "identityManagementType": "SAML",
              "securityProfiles": ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"],
              "routingProfiles": ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"],
              "hierarchyLevels": ["Department", "Team", "Region"],
              "hierarchyGroups": ["technical support/IT/Eastern", "technical support/IT/Australia",
                                  "technical support/US/Eastern", "general inquiries"],
              "users": []
            },
            {
              "alias": "agents-directory",
              "identityManagementType": "EXISTING_DIRECTORY",
              "securityProfiles": ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"],
              "routingProfiles": ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"],
              "hierarchyLevels": ["Department", "Team", "Region"],
              "hierarchyGroups": ["technical support/IT/Eastern", "technical support/IT/Australia",
                                  "technical support/US/Eastern", "general inquiries"],
              "users": []
            }
          ]
        }
        """#
}

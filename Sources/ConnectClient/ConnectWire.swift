/// The JSON bodies of the Amazon Connect operations the client calls, with the member names
/// of AWS's service model (botocore `connect/2017-08-08`). Only the members the product uses;
/// responses ignore the rest. Optional request members left `nil` are omitted from the body.
enum ConnectWire {
    // MARK: Shared shapes

    /// `UserIdentityInfo` (DescribeUser, CreateUser, UpdateUserIdentityInfo) and
    /// `UserIdentityInfoLite` (SearchUsers: names only).
    struct IdentityInfo: Codable {
        var FirstName: String?
        var LastName: String?
        var Email: String?
        var SecondaryEmail: String?
        var Mobile: String?
    }

    /// `UserPhoneConfig`. `AfterContactWorkTimeLimit` is seconds in requests and DescribeUser,
    /// milliseconds in SearchUsers.
    struct PhoneConfig: Codable {
        var PhoneType: String?
        var AutoAccept: Bool?
        var AfterContactWorkTimeLimit: Int?
        var DeskPhoneNumber: String?
    }

    /// `AutoAcceptConfig`.
    struct AutoAcceptConfig: Codable {
        var Channel: String?
        var AutoAccept: Bool?
        var AgentFirstCallbackAutoAccept: Bool?
    }

    /// `AfterContactWorkConfig`: seconds in requests and DescribeUser, milliseconds in
    /// SearchUsers (the operation: "AfterContactWorkTimeLimit is returned in milliseconds").
    struct AfterContactWorkConfig: Codable {
        var AfterContactWorkTimeLimit: Int?
    }

    /// `AfterContactWorkConfigPerChannel`.
    struct AfterContactWorkConfigPerChannel: Codable {
        var Channel: String?
        var AfterContactWorkConfig: ConnectWire.AfterContactWorkConfig?
        var AgentFirstCallbackAfterContactWorkConfig: ConnectWire.AfterContactWorkConfig?
    }

    /// `PhoneNumberConfig` (VOICE only).
    struct PhoneNumberConfig: Codable {
        var Channel: String?
        var PhoneType: String?
        var PhoneNumber: String?
    }

    /// `PersistentConnectionConfig` (VOICE only).
    struct PersistentConnectionConfig: Codable {
        var Channel: String?
        var PersistentConnection: Bool?
    }

    /// `VoiceEnhancementConfig` (VOICE only).
    struct VoiceEnhancementConfig: Codable {
        var Channel: String?
        var VoiceEnhancementMode: String?
    }

    /// `UserProficiency` (and, without `Level`, `UserProficiencyDisassociate`).
    struct UserProficiency: Codable {
        var AttributeName: String?
        var AttributeValue: String?
        var Level: Double?
    }

    // MARK: Requests

    /// The per-channel lists are left out when `nil`; `PhoneConfig` is `nil` when they are sent.
    struct CreateUserRequest: Encodable {
        var Username: String
        var Password: String?
        var IdentityInfo: ConnectWire.IdentityInfo?
        var PhoneConfig: ConnectWire.PhoneConfig?
        var SecurityProfileIds: [String]
        var RoutingProfileId: String
        var HierarchyGroupId: String?
        var AutoAcceptConfigs: [AutoAcceptConfig]?
        var AfterContactWorkConfigs: [AfterContactWorkConfigPerChannel]?
        var PhoneNumberConfigs: [PhoneNumberConfig]?
        var PersistentConnectionConfigs: [PersistentConnectionConfig]?
        var VoiceEnhancementConfigs: [VoiceEnhancementConfig]?
        var Tags: [String: String]?
        var DirectoryUserId: String?
    }

    struct UpdateUserConfigRequest: Encodable {
        var AutoAcceptConfigs: [AutoAcceptConfig]?
        var AfterContactWorkConfigs: [AfterContactWorkConfigPerChannel]?
        var PhoneNumberConfigs: [PhoneNumberConfig]?
        var PersistentConnectionConfigs: [PersistentConnectionConfig]?
        var VoiceEnhancementConfigs: [VoiceEnhancementConfig]?
    }

    /// TagResource's body (`tags`, lower case in the model).
    struct TagResourceRequest: Encodable {
        var tags: [String: String]
    }

    /// Associate/Disassociate/UpdateUserProficiencies.
    struct UserProficienciesRequest: Encodable {
        var UserProficiencies: [UserProficiency]
    }

    struct SearchPredefinedAttributesRequest: Encodable {
        var InstanceId: String
        var NextToken: String?
        var MaxResults: Int
    }

    struct UpdateUserIdentityInfoRequest: Encodable {
        var IdentityInfo: ConnectWire.IdentityInfo
    }

    struct UpdateUserRoutingProfileRequest: Encodable {
        var RoutingProfileId: String
    }

    struct UpdateUserSecurityProfilesRequest: Encodable {
        var SecurityProfileIds: [String]
    }

    /// `nil` leaves the member out, which removes the user from its group.
    struct UpdateUserHierarchyRequest: Encodable {
        var HierarchyGroupId: String?
    }

    /// `StringCondition`.
    struct StringCondition: Encodable {
        var FieldName: String
        var Value: String
        var ComparisonType: String
    }

    /// `UserSearchCriteria` (recursive through `OrConditions`), as far as the client builds it.
    struct UserSearchCriteria: Encodable {
        var OrConditions: [ConnectWire.UserSearchCriteria]?
        var StringCondition: ConnectWire.StringCondition?
    }

    struct SearchUsersRequest: Encodable {
        var InstanceId: String
        var NextToken: String?
        var MaxResults: Int
        var SearchCriteria: UserSearchCriteria?
    }

    struct SearchUserHierarchyGroupsRequest: Encodable {
        var InstanceId: String
        var NextToken: String?
        var MaxResults: Int
    }

    // MARK: Responses

    struct DescribeInstanceResponse: Decodable {
        struct Instance: Decodable {
            var Id: String?
            var Arn: String?
            var IdentityManagementType: String?
            var InstanceAlias: String?
        }
        var Instance: ConnectWire.DescribeInstanceResponse.Instance?
    }

    /// `SecurityProfileSummary` and `RoutingProfileSummary`.
    struct Summary: Decodable {
        var Id: String?
        var Arn: String?
        var Name: String?
    }

    /// A page of a `GET` list operation: its items under the operation's own member name.
    protocol ListPage: Decodable {
        associatedtype Item: Decodable
        var items: [Item]? { get }
        var NextToken: String? { get }
    }

    struct ListSecurityProfilesResponse: ListPage {
        var SecurityProfileSummaryList: [Summary]?
        var NextToken: String?
        var items: [Summary]? { SecurityProfileSummaryList }
    }

    /// `UserSummary`.
    struct UserSummary: Decodable {
        var Id: String?
        var Arn: String?
        var Username: String?
    }

    struct ListUsersResponse: ListPage {
        var UserSummaryList: [UserSummary]?
        var NextToken: String?
        var items: [UserSummary]? { UserSummaryList }
    }

    struct ListRoutingProfilesResponse: ListPage {
        var RoutingProfileSummaryList: [Summary]?
        var NextToken: String?
        var items: [Summary]? { RoutingProfileSummaryList }
    }

    struct HierarchyGroup: Decodable {
        /// `HierarchyPath`: the group's ancestors and itself, one member per level.
        struct Path: Decodable {
            var LevelOne: Summary?
            var LevelTwo: Summary?
            var LevelThree: Summary?
            var LevelFour: Summary?
            var LevelFive: Summary?

            var levels: [Summary?] { [LevelOne, LevelTwo, LevelThree, LevelFour, LevelFive] }
        }
        var Id: String?
        var Arn: String?
        var Name: String?
        var HierarchyPath: ConnectWire.HierarchyGroup.Path?
    }

    struct SearchUserHierarchyGroupsResponse: Decodable {
        var UserHierarchyGroups: [HierarchyGroup]?
        var NextToken: String?
    }

    /// The answer of an operation whose output has no members (the updates): any JSON object.
    struct NoMembers: Decodable {}

    struct CreateUserResponse: Decodable {
        var UserId: String?
        var UserArn: String?
    }

    /// `User` (DescribeUser) and `UserSearchSummary` (SearchUsers) share these members.
    struct User: Decodable {
        var Id: String?
        var Arn: String?
        var Username: String?
        var IdentityInfo: ConnectWire.IdentityInfo?
        var PhoneConfig: ConnectWire.PhoneConfig?
        var SecurityProfileIds: [String]?
        var RoutingProfileId: String?
        var HierarchyGroupId: String?
        var DirectoryUserId: String?
        var Tags: [String: String]?
        var AutoAcceptConfigs: [AutoAcceptConfig]?
        var AfterContactWorkConfigs: [AfterContactWorkConfigPerChannel]?
        var PhoneNumberConfigs: [PhoneNumberConfig]?
        var PersistentConnectionConfigs: [PersistentConnectionConfig]?
        var VoiceEnhancementConfigs: [VoiceEnhancementConfig]?
    }

    struct DescribeUserResponse: Decodable {
        var User: ConnectWire.User?
    }

    struct SearchUsersResponse: Decodable {
        var Users: [User]?
        var NextToken: String?
    }

    struct ListUserProficienciesResponse: ListPage {
        var UserProficiencyList: [UserProficiency]?
        var NextToken: String?
        var items: [UserProficiency]? { UserProficiencyList }
    }

    /// `PredefinedAttribute`; `Values` is a union of which only `StringList` exists.
    struct PredefinedAttribute: Decodable {
        struct Values: Decodable {
            var StringList: [String]?
        }
        var Name: String?
        var Values: ConnectWire.PredefinedAttribute.Values?
    }

    struct SearchPredefinedAttributesResponse: Decodable {
        var PredefinedAttributes: [PredefinedAttribute]?
        var NextToken: String?
    }

    /// SearchQuickConnects without criteria: every quick connect (the model's criteria filter
    /// by name, description and id only, not by type).
    struct SearchQuickConnectsRequest: Encodable {
        var InstanceId: String
        var NextToken: String?
        var MaxResults: Int
    }

    /// `QuickConnect`, with only `QuickConnectConfig`'s type and `UserConfig`.
    struct QuickConnect: Decodable {
        struct Config: Decodable {
            struct UserConfig: Decodable {
                var UserId: String?
            }
            var QuickConnectType: String?
            var UserConfig: ConnectWire.QuickConnect.Config.UserConfig?
        }
        var QuickConnectId: String?
        var Name: String?
        var QuickConnectConfig: ConnectWire.QuickConnect.Config?
    }

    struct SearchQuickConnectsResponse: Decodable {
        var QuickConnects: [QuickConnect]?
        var NextToken: String?
    }
}

/// Where a lane's setting came from, as the summary names it.
package enum LaneSource: String, Codable, Sendable, Equatable {
    /// A person's override: `API_RATES`.
    case apiRates = "API_RATES"
    /// The account's applied quota (Service Quotas' ListServiceQuotas).
    case quota
    /// AWS's default quota, the account having none applied (ListAWSDefaultServiceQuotas).
    case defaultQuota = "default quota"
    /// `API_INTERVAL_MS`: no quota known for the operation, or none could be read.
    case apiInterval = "API_INTERVAL_MS"
}

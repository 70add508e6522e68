import AWSCore
import ConnectClient
import JSONLog
import S3Client

/// What every job runs on: the Connect API and the bucket, the instance, the call counters
/// and the time.
struct JobServices: Sendable {
    let connect: any ConnectAPI
    let store: any ObjectStore
    let instanceID: String
    let metrics: RunMetrics
    let time: any TimeSource
    let pace: CallPace
    /// `delete/`: the most users one file may delete (`MAX_DELETES_PER_FILE`).
    var maxDeletesPerFile = FunctionConfiguration.defaultMaxDeletesPerFile
    /// Rows worked on at once (`OwnedJob.work`).
    var window = JobRunner.defaultWindow
    /// The largest input a job reads (`FunctionConfiguration.maxInputBytes`).
    var maxInputBytes = FunctionConfiguration.defaultMaxInputBytes
    /// How long a change just made may take to show.
    var consistency = ConsistencyWindow()
    /// Each lane at the account's quota, read at a job's start (`.none`: `API_INTERVAL_MS` only).
    var quotas = QuotaPacing.none
}

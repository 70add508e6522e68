/// A record that carries a job's counts (the ledger, the report), read and written as its own
/// members: `ledger.created`, `report.apiCalls`.
@dynamicMemberLookup
package protocol CountsCarrier {
    var counts: RunCounts { get set }
}

extension CountsCarrier {
    package subscript<Value>(dynamicMember keyPath: WritableKeyPath<RunCounts, Value>) -> Value {
        get { counts[keyPath: keyPath] }
        set { counts[keyPath: keyPath] = newValue }
    }
}

/// The model's `VoiceEnhancementMode`.
package enum ConnectVoiceEnhancement: String, Sendable, Equatable, Codable {
    case none = "NONE", noiseSuppression = "NOISE_SUPPRESSION", voiceIsolation = "VOICE_ISOLATION"
}

using System.ClientModel.Primitives;

namespace ByokAgent.Providers.Http;

/// <summary>Sends no credentials: for local OpenAI-compatible servers (Ollama, LM Studio) configured without a key.</summary>
/// <remarks>Better than a placeholder bearer token, which some servers reject and which looks like a key in traces.</remarks>
internal sealed class NoAuthenticationPolicy : AuthenticationPolicy
{
    public static NoAuthenticationPolicy Instance { get; } = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNextAsync(message, pipeline, currentIndex);
}

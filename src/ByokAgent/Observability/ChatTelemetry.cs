using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace ByokAgent.Observability;

/// <summary>
/// Puts Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/> under a session's function invocation, so each model
/// call gets a <c>chat</c> span and the <c>gen_ai.client.token.usage</c> / <c>gen_ai.client.operation.duration</c> metrics.
/// </summary>
/// <remarks>
/// <para>Only while <see cref="TurnTelemetry.IsObserved"/>: an <see cref="OpenTelemetryChatClient"/> owns an ActivitySource and a
/// Meter, which stay registered process-wide until disposed, so an unobserved runtime creates none and an observed one
/// releases them with the session (<see cref="Release"/>).</para>
/// <para><see cref="OpenTelemetryChatClient.EnableSensitiveData"/> is set to <see langword="false"/> explicitly: its default
/// follows <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>, and messages never go into ByokAgent's telemetry.</para>
/// </remarks>
internal static class ChatTelemetry
{
    /// <summary><paramref name="chatClient"/> with model-call telemetry when someone listens, else itself.</summary>
    /// <param name="chatClient">The session's provider client (with its decorators).</param>
    /// <param name="lease">What to keep with the session's kernel, so <see cref="Release"/> can free the telemetry.</param>
    public static IChatClient Instrument(IChatClient chatClient, out Lease lease)
    {
        if (!TurnTelemetry.IsObserved)
        {
            lease = Lease.None;
            return chatClient;
        }

        var instrumented = new OpenTelemetryChatClient(new BorrowedChatClient(chatClient)) { EnableSensitiveData = false };
        lease = new Lease(instrumented);
        return instrumented;
    }

    /// <summary>Releases the telemetry of a session's kernel (its ActivitySource and Meter); the provider client is untouched.</summary>
    public static void Release(Kernel kernel) => (kernel.Services.GetService(typeof(Lease)) as Lease)?.Dispose();

    /// <summary>The telemetry client a session's kernel keeps, so <see cref="Release"/> can find it again.</summary>
    internal sealed class Lease(IDisposable? owned) : IDisposable
    {
        public static readonly Lease None = new(null);

        public void Dispose() => owned?.Dispose();
    }

    // The session's pipeline owns the provider client: disposing the telemetry layer must not dispose what it wraps
    // (a DelegatingChatClient would), so this forwards everything but Dispose.
    private sealed class BorrowedChatClient(IChatClient innerClient) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            innerClient.GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            innerClient.GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => innerClient.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}

using System.Text.Json;
using ByokAgent.Bedrock.Converse;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock;

/// <summary>An <see cref="IChatClient"/> over AWS Bedrock's Converse and ConverseStream APIs.</summary>
/// <remarks>
/// <para>Hand-written because no Bedrock runtime SDK package can be restored here: AWSSDK.Core provides the SigV4
/// signer and the event-stream decoder, this type the Converse wire (shared/wire.md, Bedrock).</para>
/// <para>Failures: <see cref="BedrockException"/> for errors Bedrock reports (HTTP or stream exception frames) and for
/// broken streams; <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/> when
/// <see cref="BedrockChatClientOptions.Timeout"/> passes; <see cref="HttpRequestException"/> when Bedrock cannot be reached.</para>
/// <para>Thread-safe: calls share nothing but the <see cref="HttpClient"/>.</para>
/// </remarks>
public sealed partial class BedrockChatClient : IChatClient
{
    private readonly BedrockChatClientOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly string _endpointBase;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client; nothing is sent until the first call.</summary>
    /// <exception cref="ArgumentException">The options are incomplete (see <see cref="BedrockChatClientOptions"/>).</exception>
    public BedrockChatClient(BedrockChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _ownsHttpClient = options.HttpClient is null;
        _httpClient = options.HttpClient ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var endpoint = options.ResolveEndpoint();
        _endpointBase = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _metadata = new ChatClientMetadata("aws.bedrock", endpoint, options.ModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var modelId = ModelId(options);
        var body = Serialize(messages, options);
        using var response = await SendAsync(modelId, "converse", body, streaming: false, cancellationToken).ConfigureAwait(false);
        var requestId = BedrockErrorReader.RequestId(response);

        // SendAsync buffered the body within the timeout, so this read cannot stall.
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ConverseResponseParser.Parse(bytes, modelId, requestId);
        }
        catch (JsonException exception)
        {
            throw new BedrockException((int)response.StatusCode, "InvalidResponse", "The Converse response is not the JSON Bedrock documents.", requestId, exception);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private string ModelId(ChatOptions? options) =>
        string.IsNullOrWhiteSpace(options?.ModelId) ? _options.ModelId : options.ModelId;

    private byte[] Serialize(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        JsonSerializer.SerializeToUtf8Bytes(ConverseRequestBuilder.Build(messages, options, _options.MaxOutputTokens));
}

namespace ByokAgent.Bedrock;

/// <summary>How a <see cref="BedrockChatClient"/> reaches AWS Bedrock: region, endpoint, model and credentials.</summary>
/// <remarks>
/// <para>Give exactly one of <see cref="ApiKey"/> (a Bedrock API key, sent as <c>Authorization: Bearer</c>) and
/// <see cref="Credentials"/> (signed with SigV4 for the service <c>bedrock</c>).</para>
/// <para>Immutable. <see cref="ToString"/> never prints the key or the secret.</para>
/// </remarks>
public sealed record BedrockChatClientOptions
{
    /// <summary>The AWS region, e.g. <c>us-east-1</c>: part of the SigV4 scope and of the default endpoint.</summary>
    public required string Region { get; init; }

    /// <summary>The model id (<c>amazon.nova-micro-v1:0</c>), inference-profile id (<c>us.anthropic...</c>) or ARN.</summary>
    /// <remarks><see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> overrides it per call.</remarks>
    public required string ModelId { get; init; }

    /// <summary>The runtime endpoint; <see langword="null"/> uses <c>https://bedrock-runtime.{Region}.amazonaws.com</c>.</summary>
    /// <remarks>A path is kept (for gateways): requests go to <c>{Endpoint}/model/{id}/converse</c>.</remarks>
    public Uri? Endpoint { get; init; }

    /// <summary>A Bedrock API key (<c>ABSK...</c> or <c>bedrock-api-key-...</c>). Secret: never logged or printed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>AWS credentials for SigV4 signing, when no <see cref="ApiKey"/> is given.</summary>
    public BedrockAwsCredentials? Credentials { get; init; }

    /// <summary>The client to send requests with; <see langword="null"/> makes one that the chat client owns and disposes.</summary>
    /// <remarks>A given client is not disposed. Its own <see cref="HttpClient.Timeout"/> should be infinite: <see cref="Timeout"/> is applied here.</remarks>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The <c>inferenceConfig.maxTokens</c> sent when the call's options set none; <see langword="null"/> leaves the model's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// Time allowed for one request until Bedrock answers (for a stream: until the response starts), and between two reads
    /// of a stream. Default 120 s. When it passes, the call throws <see cref="TaskCanceledException"/> with an inner
    /// <see cref="TimeoutException"/>, as <see cref="System.Net.Http.HttpClient"/> does.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries of a throttled (429), failed (5xx) or unsent request, with exponential backoff. Default 2; 0 disables.</summary>
    /// <remarks>A stream is only retried before its response starts.</remarks>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The clock for SigV4 timestamps (tests pin it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The endpoint requests go to: <see cref="Endpoint"/>, else the region's public runtime endpoint.</summary>
    public Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://bedrock-runtime.{Region}.amazonaws.com/");

    /// <summary>Prints the options without the key or the secret.</summary>
    public override string ToString() =>
        $"BedrockChatClientOptions {{ Region = {Region}, ModelId = {ModelId}, Endpoint = {ResolveEndpoint()}, Auth = {(ApiKey is not null ? "api key" : Credentials is not null ? "SigV4" : "none")} }}";

    /// <summary>Checks the options' own shape, without contacting Bedrock.</summary>
    /// <exception cref="ArgumentException">A required value is missing or malformed.</exception>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelId, nameof(ModelId));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (MaxOutputTokens is { } maxTokens)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens, nameof(MaxOutputTokens));
        }

        if (string.IsNullOrWhiteSpace(ApiKey) == (Credentials is null))
        {
            throw new ArgumentException("Give either a Bedrock API key or AWS credentials (not both, not neither).", nameof(Credentials));
        }

        if (Credentials is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(Credentials.AccessKeyId, nameof(Credentials));
            ArgumentException.ThrowIfNullOrWhiteSpace(Credentials.SecretAccessKey, nameof(Credentials));
        }

        var endpoint = ResolveEndpoint();
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(endpoint.Query))
        {
            // A query would have to be part of the signed canonical request; Bedrock's runtime API takes none.
            throw new ArgumentException($"The endpoint '{endpoint}' must be an absolute http(s) URL without a query string.", nameof(Endpoint));
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using ByokAgent.Bedrock.Converse;
using ByokAgent.Bedrock.Signing;

namespace ByokAgent.Bedrock;

/// <summary>Sending: one signed (or bearer) POST per attempt, the timeout, and retries of transient failures.</summary>
public sealed partial class BedrockChatClient
{
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(8);

    /// <summary>Sends the request and returns a successful response; throws <see cref="BedrockException"/> for an error answer.</summary>
    /// <param name="modelId">The model, inference-profile id or ARN; escaped into one path segment.</param>
    /// <param name="operation"><c>converse</c> or <c>converse-stream</c>.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="streaming">Whether to return at the headers (the body is then read by the caller) or buffer the body.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async Task<HttpResponseMessage> SendAsync(string modelId, string operation, byte[] body, bool streaming, CancellationToken cancellationToken)
    {
        // Uri.EscapeDataString turns ':' into %3A and an ARN's '/' into %2F, so an id stays one path segment.
        var uri = new Uri($"{_endpointBase}/model/{Uri.EscapeDataString(modelId)}/{operation}");
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var request = CreateRequest(uri, body, streaming);
            HttpResponseMessage response;
            try
            {
                var completion = streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                response = await _httpClient.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw BedrockTimeouts.NoAnswer(_options.Timeout, exception);
            }
            catch (HttpRequestException) when (attempt < _options.MaxRetries)
            {
                await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            BedrockException error;
            using (response)
            {
                try
                {
                    error = await BedrockErrorReader.ReadAsync(response, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    throw BedrockTimeouts.NoAnswer(_options.Timeout, exception);
                }
            }

            if (attempt >= _options.MaxRetries || !IsTransient((HttpStatusCode)error.StatusCode))
            {
                throw error;
            }

            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage CreateRequest(Uri uri, byte[] body, bool streaming)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streaming ? "application/vnd.amazon.eventstream" : "application/json"));
        if (!string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }
        else
        {
            // Signed per attempt: the signature covers X-Amz-Date, and AWS refuses one older than a few minutes.
            SigV4Signer.Sign(request, body, _options.Credentials!, _options.Region, _options.TimeProvider.GetUtcNow().UtcDateTime);
        }

        return request;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    // Exponential backoff with full jitter, as AWS's own SDKs retry.
    private static TimeSpan RetryDelay(int attempt)
    {
        var ceiling = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

using System.Text.Json;
using ByokAgent.Providers.Http;

namespace ByokAgent.Providers.Validation;

/// <summary>
/// The free GET requests validation makes beside chat calls (model lookups, OpenRouter's key, DeepSeek's balance), sent
/// with the config's auth, headers and proxy; failures become the same classified <see cref="ProviderException"/> as a
/// chat call's.
/// </summary>
/// <remarks>
/// Hand-written: the SDKs expose no call for these endpoints (OpenAI's model lookup is one, but not for the other hosts
/// of the family). Only OpenAI-family providers use them, so the auth is always a bearer key.
/// </remarks>
internal sealed class ProviderGetRequest(ProviderHttpClientPool httpClients, ProviderOptions settings)
{
    /// <summary>GETs <paramref name="relativePath"/> under the config's host and parses the JSON answer.</summary>
    /// <exception cref="ProviderException">An error answer, an unreadable one, or none (classified and scrubbed).</exception>
    public async Task<JsonDocument> GetJsonAsync(ModelConfig config, string relativePath, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(config.ResolveHost(), relativePath));
        if (!string.IsNullOrWhiteSpace(config.ApiKey))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", config.ApiKey);
        }

        foreach (var (name, value) in config.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = httpClients.Get(string.IsNullOrWhiteSpace(config.Proxy) ? settings.Proxy : config.Proxy);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ProviderExceptionTranslator.Answered(config, (int)response.StatusCode, body, inner: null, name => Header(response, name));
            }

            return JsonDocument.Parse(body);
        }
        catch (Exception exception) when (exception is not ProviderException)
        {
            // Null: not a provider failure (the caller cancelled), which goes up as it is.
            var translated = ProviderExceptionTranslator.Translate(exception, config, settings.RequestTimeout, cancellationToken);
            if (translated is null)
            {
                throw;
            }

            throw translated;
        }
    }

    /// <summary>Joins a path under the host as typed (<c>.../v1</c>, DeepSeek's bare host, Z.ai's <c>.../v4/</c>).</summary>
    internal static Uri Resolve(Uri host, string relativePath) =>
        new($"{host.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{relativePath.TrimStart('/')}{host.Query}");

    /// <summary>A model id as path segments (ids may contain <c>/</c>: <c>openai/gpt-4o</c>, <c>models/gemini-2.5-flash</c>).</summary>
    internal static string ModelPath(string model) => string.Join('/', model.Split('/').Select(Uri.EscapeDataString));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(',', values)
            : null;
}

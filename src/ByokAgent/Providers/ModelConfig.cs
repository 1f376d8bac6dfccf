using System.Collections.Frozen;

namespace ByokAgent.Providers;

/// <summary>
/// One bring-your-own-key model configuration: provider, key, host, model and the provider's extras.
/// </summary>
/// <remarks>
/// <para>The key travels only inside this type on the way to a provider: <see cref="ToString"/> never prints it,
/// and exceptions raised about a config never quote it.</para>
/// <para>Immutable; safe to share across threads.</para>
/// </remarks>
public sealed record ModelConfig
{
    private static readonly FrozenDictionary<string, string> Empty =
        new Dictionary<string, string>().ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The catalog id of the provider (<c>openai</c>, <c>anthropic</c>, ...).</summary>
    public required string Provider { get; init; }

    /// <summary>The provider API key, trimmed (a pasted key often carries a stray space). Secret: never logged, displayed or returned.</summary>
    public string? ApiKey
    {
        get;
        init => field = value?.Trim();
    }

    /// <summary>The API host as the user typed it; <see langword="null"/> uses the catalog's default.</summary>
    public string? ApiHost { get; init; }

    /// <summary>The model id (for Azure, the underlying model; the deployment is an extra).</summary>
    public required string Model { get; init; }

    /// <summary>Provider-specific fields (<c>deployment</c>, <c>api_version</c>, <c>region</c>, ...), by case-insensitive name.</summary>
    /// <exception cref="ModelConfigException">Two names differ only by case.</exception>
    public IReadOnlyDictionary<string, string> Extras
    {
        get;
        init => field = CaseInsensitive(value, "extras");
    } = Empty;

    /// <summary>Extra HTTP headers sent with every request (OpenRouter's <c>HTTP-Referer</c> and <c>X-Title</c>).</summary>
    /// <exception cref="ModelConfigException">Two names differ only by case.</exception>
    public IReadOnlyDictionary<string, string> Headers
    {
        get;
        init => field = CaseInsensitive(value, "headers");
    } = Empty;

    /// <summary>An HTTP proxy for this config only; when <see langword="null"/> the standard <c>HTTPS_PROXY</c>/<c>NO_PROXY</c> variables apply.</summary>
    public string? Proxy { get; init; }

    /// <summary>The catalog row of <see cref="Provider"/>.</summary>
    /// <exception cref="ModelConfigException">The provider id is unknown.</exception>
    public ProviderDescriptor Descriptor => ProviderCatalog.Get(Provider);

    /// <summary>The extra's value, else its catalog default, else <see langword="null"/>.</summary>
    public string? GetExtra(string name) =>
        Extras.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : Descriptor.FindExtra(name)?.DefaultValue;

    /// <summary>The host requests go to: the typed host, else the provider's default (Bedrock's comes from the region).</summary>
    /// <exception cref="ModelConfigException">No host can be determined or it is malformed.</exception>
    public Uri ResolveHost()
    {
        if (!string.IsNullOrWhiteSpace(ApiHost))
        {
            return ParseHost(ApiHost);
        }

        var descriptor = Descriptor;
        if (descriptor.DefaultHost is not null)
        {
            return descriptor.DefaultHost;
        }

        if (descriptor.Wire == WireFamily.BedrockConverse && GetExtra("region") is { } region)
        {
            return ParseHost($"https://bedrock-runtime.{region}.amazonaws.com");
        }

        throw new ModelConfigException("api_host", $"Provider '{descriptor.Id}' has no default host: set api_host (for example https://my-server.example/v1).");
    }

    /// <summary>Every secret value this config carries (the key and secret extras), for scrubbing text before it leaves the process.</summary>
    public IEnumerable<string> Secrets()
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(ApiKey))
        {
            secrets.Add(ApiKey);
        }

        foreach (var field in Descriptor.ExtraFields.Where(f => f.Secret))
        {
            if (Extras.TryGetValue(field.Name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                // Both forms: the value is sent trimmed (GetExtra), and a provider may echo either.
                secrets.Add(value);
                secrets.Add(value.Trim());
            }
        }

        return secrets;
    }

    /// <summary>Checks the config's own shape, without contacting the provider.</summary>
    /// <exception cref="ModelConfigException">The first missing or malformed field, named in <see cref="ModelConfigException.Field"/>.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            throw new ModelConfigException("provider", $"Missing provider. Known providers: {string.Join(", ", ProviderCatalog.Ids)}.");
        }

        var descriptor = Descriptor;
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ModelConfigException("model", $"Missing model: name the {descriptor.DisplayName} model to use.");
        }

        if (Model.Any(char.IsWhiteSpace))
        {
            throw new ModelConfigException("model", $"Malformed model '{Model}': a model id has no spaces.");
        }

        var hasKey = !string.IsNullOrWhiteSpace(ApiKey);
        if (hasKey && ApiKey!.Any(char.IsControl))
        {
            throw new ModelConfigException("api_key", "Malformed api_key: it contains a line break or control character (a copy-paste slip?).");
        }

        if (descriptor.RequiresApiKey && !hasKey)
        {
            throw new ModelConfigException("api_key", $"Missing api_key for {descriptor.DisplayName}.");
        }

        foreach (var name in Extras.Keys.Where(name => descriptor.FindExtra(name) is null))
        {
            var known = descriptor.ExtraFields.Count == 0 ? "none" : string.Join(", ", descriptor.ExtraFields.Select(f => f.Name));
            throw new ModelConfigException(name, $"Unknown setting '{name}' for {descriptor.DisplayName}. Known settings: {known}.");
        }

        foreach (var field in descriptor.ExtraFields.Where(f => f.Required && GetExtra(f.Name) is null))
        {
            throw new ModelConfigException(field.Name, $"Missing {field.Name} for {descriptor.DisplayName}: {field.Description}");
        }

        ValidateProviderSpecific(descriptor, hasKey);
        _ = ResolveHost();

        if (!string.IsNullOrWhiteSpace(Proxy) && !IsProxyUrl(Proxy))
        {
            // The value is not echoed: a proxy URL may carry a password.
            throw new ModelConfigException("proxy", "Malformed proxy: expected a URL such as http://proxy.local:3128 (http, https or socks).");
        }
    }

    /// <summary>Prints the config without secrets, so it is safe in logs and debugger views.</summary>
    public override string ToString() =>
        $"ModelConfig {{ Provider = {Provider}, Model = {Model}, ApiHost = {ApiHost ?? "(default)"}, HasApiKey = {!string.IsNullOrEmpty(ApiKey)} }}";

    private void ValidateProviderSpecific(ProviderDescriptor descriptor, bool hasKey)
    {
        switch (descriptor.Wire)
        {
            case WireFamily.AzureOpenAI when string.IsNullOrWhiteSpace(ApiHost):
                throw new ModelConfigException("api_host", "Missing api_host for Azure OpenAI: use your resource endpoint, e.g. https://my-resource.openai.azure.com.");
            case WireFamily.AnthropicMessages when GetExtra("max_tokens") is { } maxTokens && !(int.TryParse(maxTokens, out var n) && n > 0):
                throw new ModelConfigException("max_tokens", $"Malformed max_tokens '{maxTokens}': expected a positive whole number.");
            case WireFamily.BedrockConverse:
                var hasAccessKey = GetExtra("access_key_id") is not null;
                var hasSecretKey = GetExtra("secret_access_key") is not null;
                if (hasAccessKey != hasSecretKey)
                {
                    throw new ModelConfigException(hasAccessKey ? "secret_access_key" : "access_key_id", "AWS credentials need both access_key_id and secret_access_key.");
                }

                if (!hasKey && !hasAccessKey)
                {
                    throw new ModelConfigException("api_key", "Missing credentials for AWS Bedrock: set api_key to a Bedrock API key, or access_key_id and secret_access_key.");
                }

                break;
        }
    }

    /// <summary>Whether <paramref name="proxy"/> is a URL .NET's HTTP handler can use as a proxy.</summary>
    public static bool IsProxyUrl(string proxy) =>
        Uri.TryCreate(proxy.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "socks4" or "socks4a" or "socks5"
        && !string.IsNullOrEmpty(uri.Host);

    private static FrozenDictionary<string, string> CaseInsensitive(IReadOnlyDictionary<string, string>? values, string what)
    {
        if (values is null || values.Count == 0)
        {
            return Empty;
        }

        var duplicate = values.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? values.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)
            : throw new ModelConfigException(duplicate.Key, $"The {what} name '{duplicate.Key}' is given twice (names ignore case).");
    }

    private static Uri ParseHost(string host)
    {
        var trimmed = host.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelConfigException("api_host", $"Malformed api_host '{trimmed}': expected an http(s) URL such as https://api.example.com/v1.");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ModelConfigException("api_host", $"Malformed api_host '{trimmed}': a host carries no query string or fragment.");
        }

        return uri;
    }
}

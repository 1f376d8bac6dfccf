using System.CommandLine;
using ByokAgent.Providers;

namespace ByokAgent.Cli.Commands;

/// <summary>
/// The flags that describe a model config (<c>--provider --api-key --api-host --model --set</c>), each falling back to
/// its <c>BYOK_*</c> environment variable.
/// </summary>
internal sealed class ModelConfigOptions
{
    public Option<string?> Provider { get; } = new("--provider", "-p") { Description = $"Provider id ({string.Join(", ", ProviderCatalog.Ids)}). Env: BYOK_PROVIDER." };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "Provider API key. Prefer the BYOK_API_KEY environment variable: flags end up in shell history." };

    public Option<string?> ApiHost { get; } = new("--api-host") { Description = "API host (default: the provider's). Env: BYOK_API_HOST." };

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model id. Env: BYOK_MODEL." };

    public Option<string[]> Settings { get; } = new("--set") { Description = "Provider setting as name=value (repeatable), e.g. --set deployment=gpt4o --set api_version=2024-10-21.", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Headers { get; } = new("--header") { Description = "Extra HTTP header as name=value (repeatable), e.g. --header X-Title=MyApp." };

    public Option<string?> Proxy { get; } = new("--proxy") { Description = "HTTP proxy URL for this call (default: HTTPS_PROXY / NO_PROXY)." };

    /// <summary>Adds the flags to <paramref name="command"/>; without <paramref name="withProvider"/> the provider is the command's argument.</summary>
    public void AddTo(Command command, bool withProvider = true)
    {
        if (withProvider)
        {
            command.Options.Add(Provider);
        }

        command.Options.Add(ApiKey);
        command.Options.Add(ApiHost);
        command.Options.Add(Model);
        command.Options.Add(Settings);
        command.Options.Add(Headers);
        command.Options.Add(Proxy);
    }

    /// <summary>The config given on the command line and in the environment, or <see langword="null"/> when neither names a provider.</summary>
    /// <exception cref="ModelConfigException">A <c>--set</c> or <c>--header</c> is not <c>name=value</c>.</exception>
    public ModelConfig? Read(ParseResult parse)
    {
        var provider = parse.GetValue(Provider) ?? Environment("BYOK_PROVIDER");
        return string.IsNullOrWhiteSpace(provider) ? null : Read(parse, provider);
    }

    /// <summary>The config for <paramref name="provider"/> from the other flags and the environment.</summary>
    /// <exception cref="ModelConfigException">A <c>--set</c> or <c>--header</c> is not <c>name=value</c>.</exception>
    public ModelConfig Read(ParseResult parse, string provider)
    {
        return new ModelConfig
        {
            Provider = provider,
            ApiKey = parse.GetValue(ApiKey) ?? Environment("BYOK_API_KEY"),
            ApiHost = parse.GetValue(ApiHost) ?? Environment("BYOK_API_HOST"),
            Model = parse.GetValue(Model) ?? Environment("BYOK_MODEL") ?? string.Empty,
            Extras = Pairs(parse.GetValue(Settings), "--set"),
            Headers = Pairs(parse.GetValue(Headers), "--header"),
            Proxy = parse.GetValue(Proxy),
        };
    }

    private static string? Environment(string name) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static Dictionary<string, string> Pairs(string[]? values, string flag)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values ?? [])
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The argument is not echoed: a mistyped --set secret_access_key:... would print the secret.
                throw new ModelConfigException(flag.TrimStart('-'), $"{flag} expects name=value; one argument has no '=' after a name.");
            }

            pairs[value[..separator].Trim()] = value[(separator + 1)..].Trim();
        }

        return pairs;
    }
}

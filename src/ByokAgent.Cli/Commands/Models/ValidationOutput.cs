using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;

namespace ByokAgent.Cli.Commands.Models;

/// <summary>How a validation result is printed, and what it means for a stored config's status and the exit code.</summary>
internal static class ValidationOutput
{
    /// <summary>
    /// A failure prints the exact user line first and alone (<c>Invalid key. Validation failed.</c>), then the provider's
    /// own words and a hint, indented, on stderr; a success prints its line on stdout and warnings on stderr.
    /// </summary>
    public static void Print(ModelValidationResult result, string providerName)
    {
        if (result.IsValid)
        {
            Console.WriteLine(result.Message);
        }
        else
        {
            Console.Error.WriteLine(result.Message);
            if (result.Detail is { Length: > 0 } detail && !result.Message.Contains(detail, StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"  {providerName}: {detail}");
            }

            if (result.Hint is { Length: > 0 } hint)
            {
                Console.Error.WriteLine($"  hint: {hint}");
            }
        }

        foreach (var warning in result.AllWarnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
    }

    /// <summary>
    /// 0 when valid; 2 when the config itself is wrong (key, model, quota: fix it before saving); 1 when the provider
    /// could not say (rate limited, unreachable, a provider fault: try again later).
    /// </summary>
    public static int ExitCode(ModelValidationResult result) => result.Failure switch
    {
        null => ExitCodes.Success,
        ProviderFailure.InvalidKey or ProviderFailure.InvalidModel or ProviderFailure.QuotaExceeded => ExitCodes.InvalidInput,
        _ => ExitCodes.Failed,
    };

    /// <summary>The status to store: known good, known bad, or unchanged when the provider could not say.</summary>
    public static ModelConfigStatus? StatusAfter(ModelValidationResult result) => result.Failure switch
    {
        null => ModelConfigStatus.Valid,
        ProviderFailure.InvalidKey or ProviderFailure.InvalidModel or ProviderFailure.QuotaExceeded => ModelConfigStatus.Invalid,
        _ => null,
    };
}

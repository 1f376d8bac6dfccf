using ByokAgent.Agents.Events;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Sessions;
using Microsoft.Extensions.Options;

namespace ByokAgent.Cli.Output;

/// <summary>Turns a failure into the one line <c>byok</c> prints on stderr, and its exit code. Never a stack trace or a key.</summary>
internal static class ErrorLine
{
    public static int Write(TextWriter error, Exception exception)
    {
        var (message, code) = exception switch
        {
            ModelConfigException config => (config.Message, ExitCodes.InvalidInput),
            OptionsValidationException options => ($"Invalid settings: {string.Join(" ", options.Failures)}", ExitCodes.InvalidInput),
            ProviderException provider => (provider.Message, ExitCodes.Failed),
            Usage.BudgetExceededException budget => (budget.Message, ExitCodes.Failed),
            FileNotFoundException missing => (missing.Message, ExitCodes.InvalidInput),
            ProjectNotFoundException or ProjectNameTakenException or SessionNotFoundException => (exception.Message, ExitCodes.InvalidInput),
            SessionConflictException or SecretDecryptionException or MasterKeyException => (exception.Message, ExitCodes.Failed),
            ArgumentException argument when argument.ParamName is not null => (argument.Message.Replace($" (Parameter '{argument.ParamName}')", string.Empty, StringComparison.Ordinal), ExitCodes.InvalidInput),
            InvalidOperationException when exception.Message.StartsWith("ByokAgent:", StringComparison.Ordinal) => (exception.Message, ExitCodes.InvalidInput),
            InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => ($"Invalid settings: {FirstLine(exception.Message)}", ExitCodes.InvalidInput),
            IOException or UnauthorizedAccessException => ($"Cannot use the data directory: {FirstLine(exception.Message)}", ExitCodes.Failed),
            Microsoft.Data.Sqlite.SqliteException sqlite => ($"Cannot use the database: {FirstLine(sqlite.Message)}", ExitCodes.Failed),
            _ => ($"Unexpected failure ({exception.GetType().Name}). Please report it with the command that caused it.", ExitCodes.Failed),
        };
        error.WriteLine($"error: {message}");
        if (exception is ProviderException { ProviderMessage: { Length: > 0 } detail } failed && !failed.Message.Contains(detail, StringComparison.Ordinal))
        {
            // The user line first ("You exceeded your current quota"), then the provider's own words under it.
            var name = ProviderCatalog.TryGet(failed.ProviderId, out var descriptor) ? descriptor.DisplayName : failed.ProviderId;
            error.WriteLine($"  {name}: {detail}");
        }

        return code;
    }

    public static int Write(TextWriter error, AgentErrorEvent failure)
    {
        if (failure.Exception is { } exception)
        {
            return Write(error, exception);
        }

        error.WriteLine($"error: {failure.Message}");
        return ExitCodes.Failed;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}

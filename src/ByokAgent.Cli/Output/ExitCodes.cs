namespace ByokAgent.Cli.Output;

/// <summary>What <c>byok</c> exits with, so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed: the provider answered an error or could not be reached, or the store refused.</summary>
    public const int Failed = 1;

    /// <summary>The input or config is wrong: fix the command.</summary>
    public const int InvalidInput = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}

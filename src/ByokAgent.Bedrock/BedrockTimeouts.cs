namespace ByokAgent.Bedrock;

/// <summary>The exceptions of a call that ran out of time, shaped as <see cref="HttpClient"/>'s own timeouts.</summary>
/// <remarks>
/// A <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/> is what .NET callers already
/// tell apart from their own cancellation (their token is not cancelled), so no new exception type is needed.
/// </remarks>
internal static class BedrockTimeouts
{
    public static TaskCanceledException NoAnswer(TimeSpan timeout, Exception inner) =>
        new($"AWS Bedrock did not answer within {timeout.TotalSeconds:0.#} s.", new TimeoutException($"No answer within {timeout}.", inner));

    public static TaskCanceledException Stalled(TimeSpan timeout, Exception inner) =>
        new($"AWS Bedrock's stream sent nothing for {timeout.TotalSeconds:0.#} s.", new TimeoutException($"No stream data within {timeout}.", inner));
}

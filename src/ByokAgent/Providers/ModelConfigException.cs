namespace ByokAgent.Providers;

/// <summary>A model config is incomplete or malformed; <see cref="Field"/> names the field to fix.</summary>
/// <remarks>Messages never contain the API key or another secret value.</remarks>
public sealed class ModelConfigException : Exception
{
    /// <summary>The <see cref="Field"/> when no model is configured at all (none stored for the project, no deployment default).</summary>
    public const string NotConfiguredField = "model_config";

    public ModelConfigException(string field, string message)
        : base(message) => Field = field;

    public ModelConfigException()
        : this("config", "The model config is invalid.")
    {
    }

    public ModelConfigException(string message)
        : this("config", message)
    {
    }

    public ModelConfigException(string message, Exception innerException)
        : base(message, innerException) => Field = "config";

    /// <summary>The config field at fault (<c>provider</c>, <c>api_key</c>, <c>api_host</c>, <c>model</c>, or an extra's name).</summary>
    public string Field { get; } = "config";
}

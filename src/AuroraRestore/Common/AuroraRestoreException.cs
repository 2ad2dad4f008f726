using System;

namespace AuroraRestore.Common
{
    /// <summary>
    /// A failure the module understands: it carries everything a cmdlet needs to build a useful ErrorRecord
    /// (a stable id, a category, the object at fault and what the user should do next).
    /// Engines throw it; cmdlets turn it into an ErrorRecord without knowing the details.
    /// </summary>
    public class AuroraRestoreException : Exception
    {
        public AuroraRestoreException(string errorId, FailureCategory category, object? target, string message, string recommendedAction, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
            RecommendedAction = recommendedAction;
        }

        /// <summary>Stable PascalCase id, the first part of the FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        public FailureCategory Category { get; }

        public object? Target { get; }

        public string RecommendedAction { get; }
    }
}

using System;

namespace AuroraRestore.Migrations
{
    /// <summary>
    /// An item a transform cannot take (a format the edge does not expect, a reserved attribute it cannot read).
    /// The runner turns it into a failed item (reported, never written) and goes on with the others.
    /// </summary>
    public sealed class ItemFormatException : Exception
    {
        public ItemFormatException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        /// <summary>UnexpectedItemFormat or InvalidReservedAttribute.</summary>
        public string ErrorId { get; }

        public static ItemFormatException Unexpected(string message) => new ItemFormatException(MigrationErrorIds.UnexpectedItemFormat, message);
    }
}

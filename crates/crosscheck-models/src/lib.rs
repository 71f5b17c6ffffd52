//! Where crosscheck's optional model files live and how they are fetched (filled in next).
#![deny(missing_docs)]

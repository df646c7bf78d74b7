//! Shopify's enums as the sandbox answers them (names as in the 2026-01 schema).

use async_graphql::Enum;
use async_graphql::resolver_utils::EnumType;

/// The enum value called `name` (as the sandbox stores it), if there is one.
pub fn named<T: EnumType>(name: &str) -> Option<T> {
    T::items().iter().find(|i| i.name == name).map(|i| i.value)
}

/// The name of an enum value, as stored.
pub fn name_of<T: EnumType>(value: T) -> &'static str {
    T::items().iter().find(|i| i.value == value).map_or("", |i| i.name)
}

/// The currencies the sandbox shop can answer in (the real enum has 162).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CurrencyCode {
    Eur,
    Usd,
    Gbp,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderDisplayFinancialStatus {
    Authorized,
    Expired,
    Paid,
    PartiallyPaid,
    PartiallyRefunded,
    Pending,
    Refunded,
    Voided,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderDisplayFulfillmentStatus {
    Fulfilled,
    InProgress,
    OnHold,
    Open,
    PartiallyFulfilled,
    PendingFulfillment,
    RequestDeclined,
    Restocked,
    Scheduled,
    Unfulfilled,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum FulfillmentDisplayStatus {
    AttemptedDelivery,
    Canceled,
    CarrierPickedUp,
    Confirmed,
    Delayed,
    Delivered,
    Failure,
    Fulfilled,
    InTransit,
    LabelPrinted,
    LabelPurchased,
    LabelVoided,
    MarkedAsFulfilled,
    NotDelivered,
    OutForDelivery,
    PickedUp,
    ReadyForPickup,
    Submitted,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum FulfillmentStatus {
    Cancelled,
    Error,
    Failure,
    Success,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderCancelReason {
    Customer,
    Declined,
    Fraud,
    Inventory,
    Other,
    Staff,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderCancelUserErrorCode {
    InternalError,
    Invalid,
    NotFound,
    NoRefundPermission,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderReturnStatus {
    InspectionComplete,
    InProgress,
    NoReturn,
    Returned,
    ReturnFailed,
    ReturnRequested,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RefundLineItemRestockType {
    Cancel,
    NoRestock,
    Return,
    LegacyRestock,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderTransactionKind {
    Authorization,
    Capture,
    Change,
    EmvAuthorization,
    Refund,
    Sale,
    SuggestedRefund,
    Void,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderTransactionStatus {
    AwaitingResponse,
    Error,
    Failure,
    Pending,
    Success,
    Unknown,
}

/// 2026-01's 27 codes (2026-04 adds 20 more, which a 2026-01 shop never sends).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderTransactionErrorCode {
    AmazonPaymentsInvalidPaymentMethod,
    AmazonPaymentsMaxAmountCharged,
    AmazonPaymentsMaxAmountRefunded,
    AmazonPaymentsMaxAuthorizationsCaptured,
    AmazonPaymentsMaxRefundsProcessed,
    AmazonPaymentsOrderReferenceCanceled,
    AmazonPaymentsStale,
    CallIssuer,
    CardDeclined,
    ConfigError,
    ExpiredCard,
    GenericError,
    IncorrectAddress,
    IncorrectCvc,
    IncorrectNumber,
    IncorrectPin,
    IncorrectZip,
    InvalidAmount,
    InvalidCountry,
    InvalidCvc,
    InvalidExpiryDate,
    InvalidNumber,
    PaymentMethodUnavailable,
    PickUpCard,
    ProcessingError,
    TestModeLiveCard,
    UnsupportedFeature,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum SuggestedOrderTransactionKind {
    SuggestedRefund,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OrderSortKeys {
    CreatedAt,
    CurrentTotalPrice,
    CustomerName,
    Destination,
    FinancialStatus,
    FulfillmentStatus,
    Id,
    OrderNumber,
    PoNumber,
    ProcessedAt,
    Relevance,
    TotalItemsQuantity,
    TotalPrice,
    UpdatedAt,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CustomerSortKeys {
    CreatedAt,
    Id,
    Location,
    Name,
    Relevance,
    UpdatedAt,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CustomerState {
    Declined,
    Disabled,
    Enabled,
    Invited,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RefundMethodAllocation {
    OriginalPaymentMethods,
    StoreCredit,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DiscountStatus {
    Active,
    Expired,
    Scheduled,
}

/// 2026-01's 31 codes.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DiscountErrorCode {
    ActivePeriodOverlap,
    AppliesOnNothing,
    Blank,
    Conflict,
    Duplicate,
    EndDateBeforeStartDate,
    EqualTo,
    ExceededMax,
    GreaterThan,
    GreaterThanOrEqualTo,
    ImplicitDuplicate,
    Inclusion,
    InternalError,
    Invalid,
    InvalidCombinesWithForDiscountClass,
    InvalidDiscountClassForPriceRule,
    LessThan,
    LessThanOrEqualTo,
    MaxAppDiscounts,
    MinimumSubtotalAndQuantityRangeBothPresent,
    MissingArgument,
    MissingFunctionIdentifier,
    MultipleFunctionIdentifiers,
    MultipleRecurringCycleLimitForNonSubscriptionItems,
    Present,
    RecurringCycleLimitNotAValidInteger,
    Taken,
    TooLong,
    TooManyArguments,
    TooShort,
    ValueOutsideRange,
}

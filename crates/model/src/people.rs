//! Customers, agents and groups.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct UserId(pub u64);

impl UserId {
    /// The helpdesk itself, as the author of activity lines ("marked resolved by …").
    pub const HELPDESK: UserId = UserId(u64::MAX);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    Customer,
    Agent,
    Admin,
}

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Admin)
    }
}

/// A person the helpdesk knows: a customer (requester) or an agent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub organization: Option<String>,
    pub organization_id: Option<u64>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// An agent's groups (Zendesk's group memberships), where the helpdesk says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<u64>,
    /// An agent's availability in the helpdesk's word (Chatwoot: online, busy, offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
}

impl User {
    /// A person known only by name and role; contact details and notes empty.
    pub fn new(id: u64, name: &str, role: Role) -> User {
        User {
            id: UserId(id),
            name: name.to_string(),
            email: None,
            phone: None,
            role,
            organization: None,
            organization_id: None,
            tags: vec![],
            notes: None,
            groups: vec![],
            availability: None,
        }
    }

    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub id: u64,
    pub name: String,
}

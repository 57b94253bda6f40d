"""The cost limit: an operation's estimated size, refused before it runs when over the budget.

Depth and aliases bound an operation's shape, not its size: three nested pages of 500 are
within both and would ask for 125 million rows. The estimate counts the fields an answer
would hold: a connection's page size (`first`, default 100; `limit` of a search) multiplies
everything below its edges, and a list without a page size (an organisation's posts, a
person's liaisons) counts LIST_SIZE rows. It is measured with the request's variables, after
validation, so the number is the one this request would cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from api.guards import TOO_COMPLEX
from api.types.page_info import DEFAULT_PAGE

LIST_SIZE = 10  # rows counted for a list field that takes no page size
PAGE_ARGUMENTS = ("first", "limit")


class Estimate:
    """Counts the fields of an operation's answer, pages multiplied down the nesting."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]
    ) -> None:
        self.schema, self.variables = schema, variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # A fragment's cost per use, so a document that spreads fragments into fragments is
        # counted in one pass over each, not once per path to it.
        self.spread: dict[tuple[str, int | None], int] = {}
        self.defaults: dict[str, int] = {}  # the operation's variables' default page sizes

    def operation(self, operation_name: str | None, document: DocumentNode) -> int:
        """Returns the estimated size of the answer of the operation the request runs."""
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return 0
        self.defaults = {
            d.variable.name.value: int(d.default_value.value)
            for d in operation.variable_definitions or ()
            if isinstance(d.default_value, IntValueNode)
        }
        root = self.schema.get_root_type(operation.operation)
        return self.selections(operation.selection_set, root, page=None)

    def selections(self, selection_set: SelectionSetNode, parent: Any, page: int | None) -> int:
        """Returns the size of one object's selection; `page` sizes its list fields."""
        return sum(self._selection(s, parent, page) for s in selection_set.selections)

    def _selection(self, node: Any, parent: Any, page: int | None) -> int:
        if isinstance(node, FieldNode):
            return self.field(node, parent, page)
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition
            kind = self.schema.get_type(condition.name.value) if condition else parent
            return self.selections(node.selection_set, kind, page)
        if isinstance(node, FragmentSpreadNode):
            return self._spread(node.name.value, page)
        return 0

    def _spread(self, name: str, page: int | None) -> int:
        key = (name, page)
        if key not in self.spread:
            self.spread[key] = 0  # a cycle (refused by validation anyway) adds nothing
            fragment = self.fragments.get(name)
            if fragment is not None:
                kind = self.schema.get_type(fragment.type_condition.name.value)
                self.spread[key] = self.selections(fragment.selection_set, kind, page)
        return self.spread[key]

    def field(self, node: FieldNode, parent: Any, page: int | None) -> int:
        """Returns a field's size: its rows times (itself and what it selects of each)."""
        definition = _field_of(parent, node.name.value)
        if definition is None:  # __typename and introspection: nothing to count
            return 0
        paged = self._page_size(node, definition)
        if is_list_type(get_nullable_type(definition.type)):
            # A list sized by its own argument (search's limit), by the connection it is the
            # edges of, or else guessed.
            rows, inner = paged or page or LIST_SIZE, None
        else:
            rows, inner = 1, paged  # a connection: its page sizes the edges below
        if node.selection_set is None:
            return rows
        below = self.selections(node.selection_set, get_named_type(definition.type), inner)
        return rows * (1 + below)

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """Returns the page size a field takes (`first` or `limit`), None if it takes none."""
        if not any(n in definition.args for n in PAGE_ARGUMENTS):
            return None
        given = {a.name.value: a.value for a in node.arguments or ()}
        for name in PAGE_ARGUMENTS:
            node_value, value = given.get(name), None
            if isinstance(node_value, VariableNode):
                variable = node_value.name.value
                value = self.variables.get(variable, self.defaults.get(variable))
            elif isinstance(node_value, IntValueNode):
                value = int(node_value.value)
            if isinstance(value, int) and value >= 0:
                return value
        # Left out (or null, or not a number, which execution refuses itself): the default.
        return DEFAULT_PAGE


def _field_of(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def too_costly(budget: int) -> type[SchemaExtension]:
    """Returns the extension that refuses an operation whose estimated size exceeds the budget."""

    class CostLimit(SchemaExtension):
        """Measures the operation once it is valid, and answers QUERY_TOO_COMPLEX above budget."""

        def on_execute(self) -> Iterator[None]:
            """Sets a refusal as the result before execution: strawberry then runs nothing."""
            context = self.execution_context
            document = context.graphql_document
            if document is not None:
                estimate = Estimate(context.schema._schema, document, context.variables or {})
                cost = estimate.operation(context.operation_name, document)
                if cost > budget:
                    marks = {"code": TOO_COMPLEX, "limit": "cost", "max": budget, "cost": cost}
                    refused = GraphQLError(f"estimated size {cost} over {budget}", extensions=marks)
                    context.result = GraphQLExecutionResult(data=None, errors=[refused])
            yield

    return CostLimit
